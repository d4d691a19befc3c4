/**
 * JPEG, PNG or WebP, by their first bytes (their signatures): the formats handflow hands to sharp. sharp would
 * also take SVG, TIFF, HEIF or GIF, parsers no photo or camera frame of a hand needs (an SVG's filters can burn
 * seconds of CPU within any pixel limit), so those are refused before sharp sees them.
 */
export function isJpegPngOrWebp(bytes: Uint8Array): boolean {
  const ascii = (start: number, end: number): string => String.fromCharCode(...bytes.subarray(start, end));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes[0] === 0x89 && ascii(1, 4) === 'PNG';
  const webp = ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
  return jpeg || png || webp;
}
