import type { RgbImage } from '../core/image.js';

/** A BMP whose header or data is broken; the message says what is wrong (without the file name). */
export class BmpFormatError extends Error {
  override readonly name = 'BmpFormatError';
}

/** The layout of a BMP, read from its headers. */
export interface BmpHeader {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  /** 0 = uncompressed (BI_RGB), 1/2 = RLE8/RLE4, 3 = BI_BITFIELDS, 6 = BI_ALPHABITFIELDS, ... */
  readonly compression: number;
}

/** True when the bytes start like a BMP file (`BM`). */
export function looksLikeBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/**
 * Decodes the common, uncompressed kinds of BMP into RGB: 24 and 32 bits (BI_RGB or bit fields), 16 bits
 * (5-5-5, or bit fields such as 5-6-5) and palette images of 1, 4 or 8 bits, bottom-up or top-down. Alpha is
 * dropped. Returns `undefined` for a valid header this decoder does not handle (RLE, embedded JPEG/PNG, OS/2
 * variants), so that the caller can fall back to a general decoder.
 *
 * @throws BmpFormatError when the file is truncated or its header is inconsistent, or it has more than `maxPixels`.
 */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): { header: BmpHeader; image: RgbImage | undefined } {
  if (!looksLikeBmp(bytes) || bytes.length < 26) throw new BmpFormatError('the BMP header is incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);

  let width: number;
  let rawHeight: number;
  let bitsPerPixel: number;
  let compression = 0;
  let colorsUsed = 0;
  let paletteEntrySize = 4;
  if (dibSize === 12) {
    // BITMAPCOREHEADER (OS/2 1.x, Windows 2.x): 16-bit sizes, 3-byte palette entries.
    width = view.getUint16(18, true);
    rawHeight = view.getInt16(20, true);
    bitsPerPixel = view.getUint16(24, true);
    paletteEntrySize = 3;
  } else if (dibSize >= 40 && bytes.length >= 14 + 40) {
    width = view.getInt32(18, true);
    rawHeight = view.getInt32(22, true);
    bitsPerPixel = view.getUint16(28, true);
    compression = view.getUint32(30, true);
    colorsUsed = view.getUint32(46, true);
  } else {
    throw new BmpFormatError(`the BMP header has an unknown size (${dibSize} bytes)`);
  }
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height <= 0) throw new BmpFormatError(`the BMP has an invalid size ${width}x${rawHeight}`);
  if (width * height > maxPixels) {
    throw new BmpFormatError(`the BMP is ${width}x${height} pixels, over the limit of ${Math.round(maxPixels / 1e6)} megapixels`);
  }
  const header: BmpHeader = { width, height, bitsPerPixel, compression };

  const bitFields = compression === 3 || compression === 6;
  const supported =
    (compression === 0 && [1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) || (bitFields && (bitsPerPixel === 16 || bitsPerPixel === 32));
  if (!supported) return { header, image: undefined };

  const stride = Math.floor((bitsPerPixel * width + 31) / 32) * 4;
  const lastRowBytes = Math.ceil((bitsPerPixel * width) / 8);
  if (dataOffset + stride * (height - 1) + lastRowBytes > bytes.length) {
    throw new BmpFormatError(
      `the BMP is truncated: ${width}x${height} at ${bitsPerPixel} bits needs ${dataOffset + stride * height} bytes, the file has ${bytes.length}`,
    );
  }

  const out = new Uint8Array(width * height * 3);
  const rowStart = (y: number): number => dataOffset + stride * (topDown ? y : height - 1 - y);

  if (bitsPerPixel <= 8) {
    const paletteStart = 14 + dibSize;
    const entries = Math.min(colorsUsed > 0 ? colorsUsed : 1 << bitsPerPixel, 256);
    if (paletteStart + entries * paletteEntrySize > dataOffset || paletteStart + entries * paletteEntrySize > bytes.length) {
      throw new BmpFormatError('the BMP colour table is truncated');
    }
    const palette = new Uint8Array(256 * 3); // indexes past the table stay black
    for (let i = 0; i < entries; i += 1) {
      const at = paletteStart + i * paletteEntrySize;
      palette[i * 3] = bytes[at + 2]!;
      palette[i * 3 + 1] = bytes[at + 1]!;
      palette[i * 3 + 2] = bytes[at]!;
    }
    const perByte = 8 / bitsPerPixel;
    const mask = (1 << bitsPerPixel) - 1;
    for (let y = 0; y < height; y += 1) {
      const row = rowStart(y);
      let o = y * width * 3;
      for (let x = 0; x < width; x += 1) {
        const byte = bytes[row + Math.floor(x / perByte)]!;
        const shift = 8 - bitsPerPixel * ((x % perByte) + 1);
        const p = ((byte >> shift) & mask) * 3;
        out[o] = palette[p]!;
        out[o + 1] = palette[p + 1]!;
        out[o + 2] = palette[p + 2]!;
        o += 3;
      }
    }
  } else if (bitsPerPixel === 24) {
    for (let y = 0; y < height; y += 1) {
      let i = rowStart(y);
      let o = y * width * 3;
      for (let x = 0; x < width; x += 1) {
        out[o] = bytes[i + 2]!;
        out[o + 1] = bytes[i + 1]!;
        out[o + 2] = bytes[i]!;
        i += 3;
        o += 3;
      }
    }
  } else {
    // 16 or 32 bits per pixel, with fixed (BI_RGB) or explicit (bit fields) channel masks.
    let masks: [number, number, number];
    if (bitFields) {
      if (14 + 40 + 12 > bytes.length) throw new BmpFormatError('the BMP bit field masks are missing');
      masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)];
    } else {
      masks = bitsPerPixel === 16 ? [0x7c00, 0x03e0, 0x001f] : [0x00ff0000, 0x0000ff00, 0x000000ff];
    }
    const channels = masks.map(maskToLookup);
    const [red, green, blue] = channels as [MaskLookup, MaskLookup, MaskLookup];
    const bytesPerPixel = bitsPerPixel / 8;
    for (let y = 0; y < height; y += 1) {
      let i = rowStart(y);
      let o = y * width * 3;
      for (let x = 0; x < width; x += 1) {
        const v = bytesPerPixel === 2 ? view.getUint16(i, true) : view.getUint32(i, true);
        out[o] = red.table[(v & red.mask) >>> red.shift]!;
        out[o + 1] = green.table[(v & green.mask) >>> green.shift]!;
        out[o + 2] = blue.table[(v & blue.mask) >>> blue.shift]!;
        i += bytesPerPixel;
        o += 3;
      }
    }
  }
  return { header, image: { data: out, width, height } };
}

interface MaskLookup {
  readonly mask: number;
  readonly shift: number;
  /** Channel value (0 .. 2^bits - 1) to 8 bits. */
  readonly table: Uint8Array;
}

function maskToLookup(mask: number): MaskLookup {
  if (mask === 0) return { mask: 0, shift: 0, table: new Uint8Array(1) };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift += 1;
  let bits = 0;
  while (((mask >>> (shift + bits)) & 1) === 1 && bits < 32 - shift) bits += 1;
  if (bits > 16) {
    // Keep the 16 most significant bits of an unusually wide channel.
    shift += bits - 16;
    bits = 16;
  }
  const max = 2 ** bits - 1;
  const table = new Uint8Array(max + 1);
  for (let v = 0; v <= max; v += 1) table[v] = Math.round((v * 255) / max);
  return { mask: (max * 2 ** shift) | 0, shift, table };
}
