/** A frame's or an image's size in pixels. */
export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

/** An 8-bit interleaved RGB image, row-major: `data.length === width * height * 3`. */
export interface RgbImage extends FrameSize {
  readonly data: Uint8Array;
}

/** Checks the buffer size matches the dimensions, so a bad frame fails here and not deep inside a model. */
export function assertRgbImage(image: RgbImage): void {
  const expected = image.width * image.height * 3;
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width <= 0 || image.height <= 0) {
    throw new RangeError(`image size ${image.width}x${image.height} is not a positive whole number of pixels`);
  }
  if (image.data.length !== expected) {
    throw new RangeError(
      `image data has ${image.data.length} bytes but ${image.width}x${image.height} RGB needs ${expected}`,
    );
  }
}
