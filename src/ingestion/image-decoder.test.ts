import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';

import { HandflowError } from '../core/errors.js';
import { assertRgbImage, type RgbImage } from '../core/image.js';
import { manyScansJpeg } from '../testing/many-scans-jpeg.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { decodeImageFile, isImagePath } from './image-decoder.js';

const THUMB_JPG = sharedData('mediapipe-samples/thumb_up.jpg'); // 640x521
const THUMBS_PNG = sharedData('mediapipe-samples/thumbs_up.png'); // 1920x1280 RGBA
const FINGERS_JPG = sharedData('finger-count-epsrc/testing_set/2/two_13.jpg'); // 640x480
const HANDS_JPG = sharedData('landmarks-reference/hands.jpg'); // 720x382
const LIKE_PNG = sharedData('hagrid-tiles/like.png'); // 300x300

const scratch = scratchFolder('handflow-image-');
const scratchFile = scratch.file;

/** The image decoded by ffmpeg as RGB24 (an independent decoder, used as reference for BMP). */
function ffmpegRgb(path: string): Buffer {
  const result = spawnSync(
    resolveFfmpegPath(),
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(result.status, 0, result.stderr.toString());
  return result.stdout;
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i += 1) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

async function expectUnreadable(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(decodeImageFile(path), (error: unknown) => {
    assert.ok(error instanceof HandflowError, String(error));
    assert.equal(error.code, 'INPUT_UNREADABLE');
    assert.ok(error.message.includes(path), `message names the file: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('isImagePath', () => {
  it('accepts the still-image extensions in any case and nothing else', () => {
    for (const name of ['a.jpg', 'a.JPEG', 'dir.x/b.png', 'c.bmp', 'd.WebP']) assert.ok(isImagePath(name), name);
    for (const name of ['a.gif', 'a.mp4', 'jpg', 'a.jpg.txt', 'a']) assert.ok(!isImagePath(name), name);
  });
});

describe('decodeImageFile', () => {
  it('decodes real JPEGs to RGB with their sizes', async () => {
    for (const [path, width, height] of [
      [THUMB_JPG, 640, 521],
      [FINGERS_JPG, 640, 480],
      [HANDS_JPG, 720, 382],
    ] as const) {
      const image = await decodeImageFile(path);
      assertRgbImage(image);
      assert.deepEqual([image.width, image.height], [width, height]);
      assert.equal(Object.getPrototypeOf(image.data), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer');
      // Close to an independent decoder (JPEG decoders differ by a few levels of rounding).
      const reference = ffmpegRgb(path);
      let total = 0;
      for (let i = 0; i < reference.length; i += 1) total += Math.abs(reference[i]! - image.data[i]!);
      assert.ok(total / reference.length < 3, `mean difference to ffmpeg ${total / reference.length}`);
    }
  });

  it('drops alpha from an RGBA PNG without blending', async () => {
    const image = await decodeImageFile(THUMBS_PNG);
    assert.deepEqual([image.width, image.height], [1920, 1280]);
    const rgba = await sharp(THUMBS_PNG).raw().toBuffer({ resolveWithObject: true });
    assert.equal(rgba.info.channels, 4);
    for (let p = 0; p < image.width * image.height; p += 997) {
      for (let c = 0; c < 3; c += 1) assert.equal(image.data[p * 3 + c], rgba.data[p * 4 + c]);
    }
    const tile = await decodeImageFile(LIKE_PNG);
    assert.deepEqual([tile.width, tile.height], [300, 300]);
  });

  it('applies the EXIF orientation', async () => {
    const stored = await sharp(THUMB_JPG).raw().toBuffer({ resolveWithObject: true });
    // Orientation 6: the stored picture must be turned 90 degrees clockwise to be upright.
    const jpeg = await sharp(THUMB_JPG).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const path = scratchFile('oriented.jpg', jpeg);
    const asStored = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const image = await decodeImageFile(path);
    assert.deepEqual([image.width, image.height], [stored.info.height, stored.info.width]);
    const w = asStored.info.width;
    const h = asStored.info.height;
    for (let y = 0; y < image.height; y += 7) {
      for (let x = 0; x < image.width; x += 5) {
        const from = ((h - 1 - x) * w + y) * 3;
        const to = (y * image.width + x) * 3;
        assert.deepEqual([...image.data.subarray(to, to + 3)], [...asStored.data.subarray(from, from + 3)], `pixel ${x},${y}`);
      }
    }
  });

  it('turns grey and 16-bit images into 8-bit RGB', async () => {
    const grey = scratchFile('grey.png', await sharp(THUMB_JPG).greyscale().png().toBuffer());
    const greyImage = await decodeImageFile(grey);
    assertRgbImage(greyImage);
    assert.equal(greyImage.data[0], greyImage.data[1]);
    const deep = scratchFile('deep.png', await sharp(THUMB_JPG).toColourspace('rgb16').png().toBuffer());
    const deepImage = await decodeImageFile(deep);
    assertRgbImage(deepImage);
    assert.ok(maxDifference(deepImage.data, (await decodeImageFile(scratchFile('flat.png', await sharp(THUMB_JPG).png().toBuffer()))).data) <= 1);
  });

  it('decodes WebP', async () => {
    const path = scratchFile('hand.webp', await sharp(THUMB_JPG).webp({ lossless: true }).toBuffer());
    const image = await decodeImageFile(path);
    assert.deepEqual([image.width, image.height], [640, 521]);
  });

  it('decodes BMPs of every common depth exactly like ffmpeg', async () => {
    // ffmpeg's BMP encoder writes 24/32-bit BI_RGB, 16-bit 5-5-5 and bit fields 5-6-5 / 4-4-4, palettes, 1-bit.
    const formats = ['bgr24', 'bgra', 'rgb555le', 'rgb565le', 'rgb444le', 'pal8', 'rgb8', 'gray', 'rgb4_byte', 'monob'];
    for (const format of formats) {
      const path = join(scratch.path, `hand-${format}.bmp`);
      const made = spawnSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-i', THUMB_JPG, '-pix_fmt', format, path]);
      assert.equal(made.status, 0, made.stderr.toString());
      const image = await decodeImageFile(path);
      assert.deepEqual([image.width, image.height], [640, 521], format);
      // 16-bit channels widen to 8 bits by rounding here; ffmpeg may shift instead (4-bit: c*16 vs c*17).
      const tolerance = format === 'rgb444le' ? 15 : format.startsWith('rgb5') ? 1 : 0;
      assert.ok(maxDifference(image.data, ffmpegRgb(path)) <= tolerance, format);
    }
  });

  it('decodes a hand-made top-down 24-bit BMP with row padding', async () => {
    // 3x2 pixels, rows of 9 bytes padded to 12, negative height = first row on top.
    const header = Buffer.alloc(54);
    header.write('BM', 0, 'latin1');
    header.writeUInt32LE(54 + 24, 2);
    header.writeUInt32LE(54, 10);
    header.writeUInt32LE(40, 14);
    header.writeInt32LE(3, 18);
    header.writeInt32LE(-2, 22);
    header.writeUInt16LE(1, 26);
    header.writeUInt16LE(24, 28);
    const rows = Buffer.from([
      0, 0, 255, 0, 255, 0, 255, 0, 0, 9, 9, 9, // red, green, blue (stored BGR), padding
      1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9,
    ]);
    const image = await decodeImageFile(scratchFile('tiny.bmp', Buffer.concat([header, rows])));
    assert.deepEqual(image, {
      width: 3,
      height: 2,
      data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 3, 2, 1, 6, 5, 4, 9, 8, 7]),
    } satisfies RgbImage);
  });

  it('falls back to ffmpeg for an RLE8 BMP', async () => {
    const header = Buffer.alloc(54 + 8);
    header.write('BM', 0, 'latin1');
    const data = Buffer.from([2, 0, 0, 0, 1, 1, 1, 0, 0, 1]); // bottom row: 0 0; EOL; top row: 1 0; end
    header.writeUInt32LE(header.length + data.length, 2);
    header.writeUInt32LE(header.length, 10);
    header.writeUInt32LE(40, 14);
    header.writeInt32LE(2, 18);
    header.writeInt32LE(2, 22);
    header.writeUInt16LE(1, 26);
    header.writeUInt16LE(8, 28);
    header.writeUInt32LE(1, 30); // BI_RLE8
    header.writeUInt32LE(data.length, 34);
    header.writeUInt32LE(2, 46);
    header.set([0, 0, 255, 0, 255, 0, 0, 0], 54); // palette: 0 = red, 1 = blue
    const image = await decodeImageFile(scratchFile('rle8.bmp', Buffer.concat([header, data])));
    assert.deepEqual([...image.data], [0, 0, 255, 255, 0, 0, 255, 0, 0, 255, 0, 0]);
  });

  it('rejects a missing file with INPUT_NOT_FOUND naming it', async () => {
    const path = join(scratch.path, 'no-such-hand.jpg');
    await assert.rejects(decodeImageFile(path), (error: unknown) => {
      assert.ok(error instanceof HandflowError && error.code === 'INPUT_NOT_FOUND');
      assert.ok(error.message.includes(path));
      return true;
    });
  });

  it('rejects empty, non-image, truncated and directory inputs with INPUT_UNREADABLE', async () => {
    await expectUnreadable(scratchFile('empty.jpg', ''), /empty/);
    await expectUnreadable(scratchFile('text.jpg', 'not an image at all\n'), /not a readable image/);
    const jpeg = readFileSync(THUMB_JPG);
    await expectUnreadable(scratchFile('cut.jpg', jpeg.subarray(0, Math.floor(jpeg.length * 0.3))), /not a readable image/);
    const bmp = readFileSync(join(scratch.path, 'hand-bgr24.bmp'));
    await expectUnreadable(scratchFile('cut.bmp', bmp.subarray(0, Math.floor(bmp.length * 0.3))), /truncated/);
    await expectUnreadable(scratch.path, /directory/);
  });

  it('refuses a JPEG of more than 64 scans before decoding it (each is a pass over the whole image)', async () => {
    await expectUnreadable(scratchFile('scans.jpg', await manyScansJpeg(640, 480, 1000)), /scans\.jpg is not a readable image: it is a JPEG of more than 64 scans/);
  });

  it('refuses a named pipe or a device at once, without waiting on it or reading it', async () => {
    const pipe = join(scratch.path, 'pipe.png');
    execFileSync('mkfifo', [pipe]); // no one writes to it: a blocking open would wait for ever
    await expectUnreadable(pipe, /pipe\.png is not a readable image: it is not a regular file/);
    await expectUnreadable('/dev/zero', /not a regular file/);
  });

  it('reads no format but JPEG, PNG, WebP and BMP, whatever the name: an SVG, a TIFF or a GIF named .jpg is refused', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="red"/></svg>';
    await expectUnreadable(scratchFile('drawing.jpg', svg), /its format is not recognised \(handflow reads JPEG, PNG, WebP and BMP\)/);
    for (const format of ['tiff', 'gif'] as const) {
      const bytes = await sharp(readFileSync(THUMB_JPG)).toFormat(format).toBuffer();
      await expectUnreadable(scratchFile(`${format}.jpg`, bytes), /its format is not recognised/);
    }
  });

  it('refuses absurd dimensions (over 100 megapixels) with a clear message', async () => {
    // A valid PNG header claiming 20000x20000 pixels: refused before any pixel is decoded.
    const chunk = (type: string, body: Buffer): Buffer => {
      const head = Buffer.alloc(8);
      head.writeUInt32BE(body.length, 0);
      head.write(type, 4, 'latin1');
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
      return Buffer.concat([head, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(20_000, 0);
    ihdr.writeUInt32BE(20_000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(16))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    await expectUnreadable(scratchFile('huge.png', png), /too large \(20000x20000 pixels, the limit is 100 megapixels\)/);

    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(54, 10);
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(30_000, 18);
    bmp.writeInt32LE(30_000, 22);
    bmp.writeUInt16LE(24, 28);
    await expectUnreadable(scratchFile('huge.bmp', bmp), /30000x30000.*limit of 100 megapixels/);
  });
});
