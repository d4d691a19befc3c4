import sharp from 'sharp';

/**
 * A progressive JPEG of a grey picture with `scans` scans: libjpeg's own ten, then its shortest scan (12 bytes of
 * a flat picture) over again. Its segments are all well formed; only the progression repeats itself, which a
 * decoder finds once it has got that far.
 */
export async function manyScansJpeg(width: number, height: number, scans: number): Promise<Buffer> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: '#808080' } }).jpeg({ progressive: true }).toBuffer();
  const found = scanSpans(jpeg);
  const shortest = found.reduce((best, span) => (span.end - span.start < best.end - best.start ? span : best));
  const repeat = jpeg.subarray(shortest.start, shortest.end);
  const end = jpeg.length - 2; // before EOI
  return Buffer.concat([jpeg.subarray(0, end), ...Array.from({ length: scans - found.length }, () => repeat), jpeg.subarray(end)]);
}

/** Where each scan lies: its SOS segment and its entropy-coded data up to the next marker. */
function scanSpans(jpeg: Buffer): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let at = 2;
  while (at < jpeg.length - 2 && jpeg[at + 1] !== 0xd9) {
    const start = at;
    at += 2 + jpeg.readUInt16BE(at + 2);
    if (jpeg[start + 1] !== 0xda) continue;
    while (!(jpeg[at] === 0xff && jpeg[at + 1] !== 0 && (jpeg[at + 1]! < 0xd0 || jpeg[at + 1]! > 0xd7))) at += 1;
    spans.push({ start, end: at });
  }
  return spans;
}
