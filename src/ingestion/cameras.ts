import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';

import { HandflowError } from '../core/errors.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { confinementOptions, deviceConfinement } from './ffmpeg-confinement.js';
import { LIVE_DECODE_OPTIONS, type FfmpegInput } from './ffmpeg-input.js';

/** A camera ffmpeg can open. */
export interface CameraDevice {
  /** Its number in handflow's `webcam:N`. */
  readonly index: number;
  /** `/dev/video0` on Linux, the device name on macOS and Windows. */
  readonly name: string;
}

export interface CameraMode {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

/** The cameras on this machine, by the platform's ffmpeg input (v4l2, avfoundation, dshow). */
export async function listCameras(platform: NodeJS.Platform = process.platform): Promise<CameraDevice[]> {
  switch (platform) {
    case 'linux':
      return listV4l2Devices(await readdir('/dev').catch(() => []));
    case 'darwin':
      return parseAvfoundationDevices(await ffmpegDeviceList('avfoundation', ''));
    case 'win32':
      return parseDshowDevices(await ffmpegDeviceList('dshow', 'dummy'));
    default:
      return [];
  }
}

/** `/dev/videoN` entries, by number. */
export function listV4l2Devices(devEntries: readonly string[]): CameraDevice[] {
  return devEntries
    .flatMap((entry) => {
      const match = /^video(\d+)$/.exec(entry);
      return match === null ? [] : [{ index: Number(match[1]), name: `/dev/${entry}` }];
    })
    .sort((a, b) => a.index - b.index);
}

/** The video devices of `ffmpeg -f avfoundation -list_devices true -i ""`: `[AVFoundation ...] [0] FaceTime HD Camera`. */
export function parseAvfoundationDevices(log: string): CameraDevice[] {
  const videoPart = log.split(/AVFoundation audio devices/)[0] ?? '';
  return [...videoPart.matchAll(/\] \[(\d+)\] (.+)$/gm)].map((match) => ({ index: Number(match[1]), name: match[2]!.trim() }));
}

/**
 * The video devices of `ffmpeg -f dshow -list_devices true -i dummy`: `"Name" (video)` lines in newer ffmpeg,
 * or the quoted names under "DirectShow video devices" in older ones.
 */
export function parseDshowDevices(log: string): CameraDevice[] {
  const tagged = [...log.matchAll(/\] +"([^"]+)" \(video\)/g)].map((match) => match[1]!);
  const names =
    tagged.length > 0
      ? tagged
      : [...(log.split(/DirectShow audio devices/)[0]!.split(/DirectShow video devices/)[1] ?? '').matchAll(/\] +"([^"]+)"\s*$/gm)].map((m) => m[1]!);
  return names.map((name, index) => ({ index, name }));
}

/** The ffmpeg input that opens camera `device` in `mode`, on `platform`. */
export async function webcamInput(device: number, mode: CameraMode, platform: NodeJS.Platform = process.platform): Promise<FfmpegInput> {
  const label = `webcam:${device}`;
  const cameras = await listCameras(platform);
  const camera = cameras.find((found) => found.index === device);
  if (camera === undefined) {
    const found = cameras.length === 0 ? 'no camera was found' : `the cameras found are ${cameras.map((c) => `webcam:${c.index} (${c.name})`).join(', ')}`;
    throw new HandflowError('INPUT_NOT_FOUND', `${label}: there is no camera ${device}: ${found}. Connect one, or run "handflow doctor"`);
  }
  const modeOptions = ['-framerate', String(mode.fps), '-video_size', `${mode.width}x${mode.height}`, ...LIVE_DECODE_OPTIONS];
  switch (platform) {
    case 'linux':
      return { inputOptions: ['-f', 'v4l2', ...modeOptions], input: camera.name, label, confinement: deviceConfinement('v4l2') };
    case 'darwin':
      return { inputOptions: ['-f', 'avfoundation', ...modeOptions], input: `${device}:none`, label, confinement: deviceConfinement('avfoundation') };
    case 'win32':
      return { inputOptions: ['-f', 'dshow', ...modeOptions], input: `video=${camera.name}`, label, confinement: deviceConfinement('dshow') };
    default:
      throw new HandflowError('INPUT_NOT_FOUND', `${label}: cameras are not supported on ${platform}`);
  }
}

/** ffmpeg's stderr for `demuxer`'s device listing (it exits with an error by design: there is no output). */
function ffmpegDeviceList(demuxer: string, input: string): Promise<string> {
  const args = ['-hide_banner', ...confinementOptions(deviceConfinement(demuxer)), '-f', demuxer, '-list_devices', 'true', '-i', input];
  return new Promise((resolve) => {
    let log = '';
    const child = spawn(resolveFfmpegPath(), args, { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (log += text));
    child.once('error', () => resolve(''));
    child.once('close', () => resolve(log));
  });
}
