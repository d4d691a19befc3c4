import { z } from 'zod';

const region = z.strictObject({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});

/** What the preprocessing stage does to each frame; defaults keep frames as they are. */
export const preprocessConfigSchema = z.strictObject({
  /** Colour space of the pixels handed to classifiers that ask for them (`rgb`, `bgr`, `hsv`, `gray`). Defaults to `rgb`. */
  colorSpace: z.enum(['rgb', 'bgr', 'hsv', 'gray']).default('rgb'),
  /** Region of the frame to keep, in pixels (clipped to the frame). Defaults to the whole frame. */
  crop: region.optional(),
  /**
   * Size to scale the (cropped) frame to, in pixels. Defaults to keeping its size. Without a crop, files, cameras
   * and streams are scaled by ffmpeg as they are decoded (the full-size frame is never converted, piped or resized
   * by handflow); positions in events stay in the frame's own pixels.
   */
  resize: z.strictObject({ width: z.number().int().min(16).max(7680), height: z.number().int().min(16).max(4320) }).optional(),
  /** Equalise the luminance histogram of the pixels handed to classifiers (the models see the frame unchanged). Defaults to false. */
  equalizeHistogram: z.boolean().default(false),
  /** Hand classifiers float pixels in [0, 1] instead of bytes. Defaults to false. */
  normalize: z.boolean().default(false),
});

export type PreprocessOptions = z.input<typeof preprocessConfigSchema>;
export type PreprocessConfig = z.output<typeof preprocessConfigSchema>;
export type CropRegion = z.output<typeof region>;
