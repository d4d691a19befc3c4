import { spawnSync } from 'node:child_process';

import { errorMessage } from '../../core/errors.js';
import { findExecutable } from '../../core/find-executable.js';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { listCameras } from '../../ingestion/cameras.js';
import { resolveFfmpeg, type FfmpegBinary } from '../../ingestion/ffmpeg-binary.js';
import { describeFfmpegVersion } from '../../ingestion/ffmpeg-version.js';
import { loadConfig } from '../../orchestrator/config.js';
import { createVolumeControl } from '../../output/system/create-volume-control.js';
import { loadLibnut } from '../../output/system/libnut.js';
import type { Command } from '../command.js';
import { checkStreamCa } from '../load-cli-config.js';
import { parseOptions } from '../parse-options.js';

const USAGE = `Usage: handflow doctor [--config FILE]

Checks what handflow needs and says what to fix: Node.js, ffmpeg (and its camera input on this system),
the hand models, the cameras found, the settings (handflow.config.json, or the --config FILE given, and
HANDFLOW_* variables), and what the system actions need: a display for the pointer and keys, a sound
output for the volume, a notification service. Exit code 0 when nothing fails (warnings allowed: a project
without those actions runs without them), 1 otherwise.

Options:
  --config FILE   the config file to check (default: handflow.config.json in the working folder)`;

type Status = 'ok' | 'warn' | 'fail';

interface Check {
  readonly name: string;
  readonly status: Status;
  /** What was found, and for warn and fail what to do. */
  readonly detail: string;
}

/** The ffmpeg input device that reads cameras on each platform. */
const CAMERA_DEVICES: Partial<Record<NodeJS.Platform, string>> = { linux: 'v4l2', darwin: 'avfoundation', win32: 'dshow' };

export const doctorCommand: Command = {
  summary: 'check ffmpeg, models, cameras and settings, and say what to fix',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions({ args, options: { config: { type: 'string' } } });
    const checks = [checkNode(), checkFfmpeg(), await checkModels(), await checkCameras(), await checkSettings(values.config), ...(await checkActions())];
    for (const check of checks) console.log(`${check.status.padEnd(5)}${check.name.padEnd(10)}${check.detail}`);
    return checks.some((check) => check.status === 'fail') ? 1 : 0;
  },
};

function checkNode(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? { name: 'node', status: 'ok', detail: `Node.js ${process.version}` }
    : { name: 'node', status: 'fail', detail: `Node.js ${process.version} is too old: install Node.js 20 or newer` };
}

function checkFfmpeg(): Check {
  let ffmpeg: FfmpegBinary;
  try {
    ffmpeg = resolveFfmpeg();
  } catch (error) {
    return { name: 'ffmpeg', status: 'fail', detail: errorMessage(error) };
  }
  const found = `${ffmpeg.path}, ffmpeg ${describeFfmpegVersion(ffmpeg.version)}`;
  if (ffmpeg.bundled) {
    return {
      name: 'ffmpeg',
      status: 'warn',
      detail: `${found}: this is the old build bundled with handflow, without years of security fixes (it may not read cameras, and reads no RTSP stream): install your system's ffmpeg (e.g. "apt install ffmpeg")`,
    };
  }
  const device = CAMERA_DEVICES[process.platform];
  const devices = spawnSync(ffmpeg.path, ['-hide_banner', '-devices'], { encoding: 'latin1' }).stdout ?? '';
  if (device !== undefined && !new RegExp(`\\b${device}\\b`).test(devices)) {
    return { name: 'ffmpeg', status: 'warn', detail: `${found} cannot read cameras (no ${device} input): install your system's ffmpeg` };
  }
  return { name: 'ffmpeg', status: 'ok', detail: found };
}

async function checkModels(): Promise<Check> {
  try {
    // Loading the engine converts the models if needed and runs them through ONNX Runtime's checks.
    const landmarker = await HandLandmarker.create();
    await landmarker.close();
    return { name: 'models', status: 'ok', detail: 'palm detector and hand landmark model load' };
  } catch (error) {
    return { name: 'models', status: 'fail', detail: `${errorMessage(error)}; run "handflow models prepare"` };
  }
}

async function checkCameras(): Promise<Check> {
  const cameras = await listCameras().catch(() => []);
  if (cameras.length > 0) return { name: 'cameras', status: 'ok', detail: cameras.map((c) => `webcam:${c.index} (${c.name})`).join(', ') };
  const hint =
    process.platform === 'linux'
      ? 'connect a camera (it shows as /dev/videoN) and make sure your user is in the "video" group'
      : 'connect a camera and allow the terminal to use it';
  return { name: 'cameras', status: 'warn', detail: `no camera found: ${hint}; files, folders and streams still work` };
}

async function checkSettings(file: string | undefined): Promise<Check> {
  try {
    const config = await loadConfig({ env: process.env, ...(file === undefined ? {} : { file }) });
    checkStreamCa(config);
    const { streamCaFile } = config.capture;
    const checked = streamCaFile === undefined ? '' : `; rtsps and https streams checked against ${streamCaFile}`;
    return { name: 'settings', status: 'ok', detail: `valid (project ${config.project}, ${config.capture.width}x${config.capture.height} at ${config.capture.fps} fps${checked})` };
  } catch (error) {
    return { name: 'settings', status: 'fail', detail: errorMessage(error) };
  }
}

/**
 * What each kind of system action needs, checked without acting: a warning only, since a project without that
 * kind of action runs without it, and an armed one that has it is refused at start, saying the same.
 */
async function checkActions(): Promise<Check[]> {
  const unavailable = (name: string, what: string) => (error: unknown): Check => ({ name, status: 'warn', detail: `${errorMessage(error)}; ${what} cannot run here` });
  const pointer = await loadLibnut().then(
    (): Check => ({ name: 'pointer', status: 'ok', detail: process.platform === 'linux' ? `mouse and keys through X display ${process.env['DISPLAY']}` : 'mouse and keys' }),
    unavailable('pointer', 'mouse and keyboard actions'),
  );
  const volume = await createVolumeControl().then((): Check => ({ name: 'volume', status: 'ok', detail: 'the volume can be read and set' }), unavailable('volume', 'volume actions'));
  return [pointer, volume, checkNotifications()];
}

/** Linux's notify-send needs a D-Bus session bus; macOS and Windows show notifications with what they ship. */
function checkNotifications(): Check {
  if (process.platform !== 'linux') return { name: 'notify', status: 'ok', detail: 'notifications through the system' };
  if (findExecutable('notify-send') === undefined) return { name: 'notify', status: 'warn', detail: 'notify-send is not installed (libnotify-bin): notification actions cannot run here' };
  const bus = process.env['DBUS_SESSION_BUS_ADDRESS'];
  if (bus === undefined || bus === '') {
    return { name: 'notify', status: 'warn', detail: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): run handflow inside a desktop session for notification actions' };
  }
  return { name: 'notify', status: 'ok', detail: `notify-send on the session bus ${bus.split(',')[0]}` };
}
