import { spawn } from 'node:child_process';
import { extname, resolve as resolvePath } from 'node:path';

import sharp, { type OutputInfo } from 'sharp';

import { errorMessage, HandflowError } from '../core/errors.js';
import type { FrameSize, RgbImage } from '../core/image.js';
import { readRegularFile, type RegularFileRead } from '../core/read-regular-file.js';
import { BmpFormatError, decodeBmp, looksLikeBmp } from './bmp.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { confinementOptions, type FfmpegConfinement } from './ffmpeg-confinement.js';
import { isJpegPngOrWebp } from './image-signature.js';
import { countJpegScans, MAX_JPEG_SCANS } from './jpeg-scans.js';
import { CAMERA_FRAME_PIXEL_LIMIT, IMAGE_PIXEL_LIMIT, tooLargeText } from './pixel-limit.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.webp']);

/** The largest image file read: far above any photo of IMAGE_PIXEL_LIMIT's size, and the default upload limit. */
const IMAGE_FILE_BYTE_LIMIT = 512 * 2 ** 20;

/** True for the still-image file names handflow accepts: .jpg, .jpeg, .png, .bmp, .webp (any case). */
export function isImagePath(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * Decodes an image file into upright 8-bit RGB: EXIF orientation is applied, alpha is dropped (not blended),
 * grey and CMYK images are converted to sRGB, 16-bit images are reduced to 8 bits. JPEG, PNG and WebP go through
 * sharp; BMP, which sharp cannot read, is decoded here, with ffmpeg as the fallback for rare BMP variants (RLE).
 * The format is recognised from the bytes, not the file name, and no other is read (see isJpegPngOrWebp).
 *
 * @throws HandflowError INPUT_NOT_FOUND (no such file), INPUT_UNREADABLE (empty, corrupt, not an image, not a
 *   regular file, or over {@link IMAGE_PIXEL_LIMIT}; the message names the file).
 */
export async function decodeImageFile(path: string): Promise<RgbImage> {
  let read: RegularFileRead;
  try {
    read = await readRegularFile(path, IMAGE_FILE_BYTE_LIMIT);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new HandflowError('INPUT_NOT_FOUND', `image file not found: ${path}`, { cause: error });
    }
    throw new HandflowError('INPUT_UNREADABLE', `cannot read image file ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (!('bytes' in read)) {
    if (read.refused === 'a folder') throw new HandflowError('INPUT_UNREADABLE', `${path} is a directory, not an image`);
    throw unreadable(path, read.refused === 'too large' ? `the file is ${read.size} bytes, over the ${IMAGE_FILE_BYTE_LIMIT / 2 ** 20} MiB an image may be` : 'it is not a regular file (a pipe, a device or a socket)');
  }
  const { bytes } = read;
  if (bytes.length === 0) throw unreadable(path, 'the file is empty (0 bytes)');
  if (looksLikeBmp(bytes)) return decodeBmpFile(path, bytes);
  if (!isJpegPngOrWebp(bytes)) throw unreadable(path, NOT_RECOGNISED);
  if (countJpegScans(bytes) > MAX_JPEG_SCANS) throw unreadable(path, `it is a JPEG of more than ${MAX_JPEG_SCANS} scans (a photo has about 10), which takes seconds to decode: save it again as a baseline or ordinary progressive JPEG`);
  return decodeWithSharp(path, bytes);
}

const NOT_RECOGNISED = 'its format is not recognised (handflow reads JPEG, PNG, WebP and BMP)';

/**
 * Decodes a camera frame a browser sent (a JPEG, or PNG, WebP) into RGB, within CAMERA_FRAME_PIXEL_LIMIT. The same
 * formats as image files, told by their bytes; no orientation to apply (a canvas has none).
 * @throws HandflowError INPUT_UNREADABLE saying why, and what to send
 */
export async function decodeCameraFrame(bytes: Uint8Array): Promise<RgbImage> {
  const send = `send JPEG frames of at most ${CAMERA_FRAME_PIXEL_LIMIT.text}`;
  if (!isJpegPngOrWebp(bytes)) throw new HandflowError('INPUT_UNREADABLE', `a camera frame is not a JPEG (nor PNG, WebP): ${send}`);
  if (countJpegScans(bytes) > MAX_JPEG_SCANS) throw new HandflowError('INPUT_UNREADABLE', `a camera frame is a JPEG of more than ${MAX_JPEG_SCANS} scans, which takes seconds to decode: send baseline JPEG frames`);
  try {
    // Warnings pass: a camera's JPEG is often a little off, and the frame is still worth reading.
    const { data, info } = await sharp(bytes, { limitInputPixels: CAMERA_FRAME_PIXEL_LIMIT.pixels, failOn: 'error' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (error) {
    throw new HandflowError('INPUT_UNREADABLE', `a camera frame could not be decoded (${errorMessage(error).split('\n')[0]}): ${send}`, { cause: error });
  }
}

async function decodeWithSharp(path: string, bytes: Uint8Array): Promise<RgbImage> {
  let result: { data: Buffer; info: OutputInfo };
  try {
    result = await sharp(bytes, { limitInputPixels: IMAGE_PIXEL_LIMIT.pixels, failOn: 'warning' })
      .autoOrient()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/pixel limit/i.test(message)) {
      const size = await sharp(bytes, { limitInputPixels: false })
        .metadata()
        .then((m): FrameSize | string => ({ width: m.width, height: m.height }))
        .catch(() => 'too many pixels');
      throw unreadable(path, `the image is ${tooLargeText(size, IMAGE_PIXEL_LIMIT)}: scale it down first`, error);
    }
    if (/unsupported image format/i.test(message)) {
      throw unreadable(path, NOT_RECOGNISED, error);
    }
    throw unreadable(path, message.split('\n')[0]!, error);
  }
  const { data, info } = result;
  if (info.channels !== 3) throw unreadable(path, `decoding gave ${info.channels} channels instead of RGB`);
  // A plain Uint8Array view (no copy): Buffer's slice() would share memory where Uint8Array's copies.
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

async function decodeBmpFile(path: string, bytes: Uint8Array): Promise<RgbImage> {
  let decoded: ReturnType<typeof decodeBmp>;
  try {
    decoded = decodeBmp(bytes, IMAGE_PIXEL_LIMIT.pixels);
  } catch (error) {
    if (error instanceof BmpFormatError) throw unreadable(path, error.message, error);
    throw error;
  }
  if (decoded.image !== undefined) return decoded.image;
  // A valid BMP variant not decoded here (RLE, embedded JPEG/PNG): let ffmpeg turn it into a PNG for sharp.
  const png = await bmpToPngWithFfmpeg(path);
  return decodeWithSharp(path, png);
}

/** A BMP file read by ffmpeg: the file alone, as a BMP. */
const BMP_FILE: FfmpegConfinement = { protocols: ['file'], formats: ['bmp_pipe'] };

function bmpToPngWithFfmpeg(path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ffmpeg = resolveFfmpegPath();
    const child = spawn(
      ffmpeg,
      ['-hide_banner', '-nostdin', '-loglevel', 'error', ...confinementOptions(BMP_FILE), '-f', 'bmp_pipe', '-i', `file:${resolvePath(path)}`,
        '-frames:v', '1', '-c:v', 'png', '-f', 'image2pipe', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
    );
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.once('error', (error) =>
      reject(new HandflowError('FFMPEG_NOT_FOUND', `could not run ffmpeg (${ffmpeg}): ${error.message}`, { cause: error })),
    );
    child.once('close', (code) => {
      const png = Buffer.concat(chunks);
      if (code === 0 && png.length > 0) {
        resolve(png);
      } else {
        const reason = stderr.trim().split(/\r?\n/).at(-1) ?? `ffmpeg exited with code ${code}`;
        reject(unreadable(path, `ffmpeg cannot decode this BMP: ${reason.replace(`file:${resolvePath(path)}: `, '')}`));
      }
    });
  });
}

function unreadable(path: string, reason: string, cause?: unknown): HandflowError {
  return new HandflowError('INPUT_UNREADABLE', `${path} is not a readable image: ${reason}`, cause === undefined ? undefined : { cause });
}
