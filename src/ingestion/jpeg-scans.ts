/**
 * The most scans a JPEG may have. A progressive photo has about 10 (libjpeg's and mozjpeg's scripts), a baseline
 * one 1; libjpeg decodes up to about 2,000 valid ones, each a pass over the whole image (1.7 ms at 4K here), so a
 * small crafted file could hold a decoding thread for seconds.
 */
export const MAX_JPEG_SCANS = 64;

const SOS = 0xda;
const EOI = 0xd9;

/**
 * How many scans (start-of-scan segments) a JPEG holds, counted up to `stopAfter` + 1: its segments are walked
 * by their lengths, and each scan's entropy-coded data up to the next marker (0xFF followed by neither a stuffed
 * 0x00 nor a restart marker). A file that ends early has the scans counted so far; nothing is decoded.
 */
export function countJpegScans(bytes: Uint8Array, stopAfter = MAX_JPEG_SCANS): number {
  let scans = 0;
  let at = 2; // after SOI
  while (at + 3 < bytes.length && scans <= stopAfter) {
    if (bytes[at] !== 0xff) return scans; // not a marker: not JPEG structure any more; the decoder will say so
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === EOI) return scans;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker !== SOS) continue;
    scans += 1;
    while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && (bytes[at + 1]! < 0xd0 || bytes[at + 1]! > 0xd7))) at += 1;
  }
  return scans;
}
