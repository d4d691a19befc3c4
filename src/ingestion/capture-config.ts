import { z } from 'zod';

/** The highest camera number handflow takes (`/dev/video63`). */
export const MAX_CAMERA_NUMBER = 63;

/** A camera number: `/dev/videoN` on Linux, the Nth device on macOS and Windows. */
export const cameraNumberSchema = z.number().int().min(0).max(MAX_CAMERA_NUMBER);

/**
 * How a source captures. Every field is optional where it is given
 * (config file, environment, flags, API); {@link captureConfigSchema} fills the defaults documented here.
 */
export const captureConfigSchema = z.strictObject({
  /** Camera index for `webcam` sources that name none. Defaults to 0. */
  device: cameraNumberSchema.default(0),
  /** Frame width asked of a camera. Files and streams keep their own size. Defaults to 640. */
  width: z.number().int().min(16).max(7680).default(640),
  /** Frame height asked of a camera. Defaults to 480. */
  height: z.number().int().min(16).max(4320).default(480),
  /** Frame rate asked of a camera; also spaces the timestamps of an image folder's photos. Defaults to 30. */
  fps: z.number().min(1).max(240).default(30),
  /** Frames kept waiting for the pipeline; live sources drop the oldest when it is full. Defaults to 3. */
  bufferSize: z.number().int().min(1).max(120).default(3),
  /**
   * Flip frames left to right, so a camera reads like a mirror (natural to interact with). Defaults to on
   * for cameras and browser cameras, off for files, folders and network streams.
   */
  mirror: z.boolean().optional(),
  /**
   * Video files: play at the video's own rate, as a camera would: frames the pipeline is too late for are
   * dropped (and counted), so it works on what is due now. Image folders ignore it: their photos are unrelated
   * stills, each processed, as fast as the pipeline goes. Off (the default): as fast as the pipeline goes, with
   * backpressure and no drops.
   */
  realtime: z.boolean().default(false),
  /** Live sources: how a broken camera or stream is reconnected. */
  reconnect: z
    .strictObject({
      /** Reconnection attempts in a row before the source gives up. Defaults to 5. */
      maxAttempts: z.number().int().min(0).max(1000).default(5),
      /** Wait before the first attempt; doubles on each further attempt. Defaults to 500 ms. */
      initialDelayMs: z.number().min(0).max(600_000).default(500),
      /** The longest wait between attempts. Defaults to 8000 ms. */
      maxDelayMs: z.number().min(0).max(600_000).default(8_000),
    })
    .prefault({}),
  /** Live sources: a stream that delivers no frame for this long is treated as broken. Defaults to 10000 ms. */
  stallTimeoutMs: z.number().min(100).max(600_000).default(10_000),
  /**
   * A PEM file of the certificates (a camera's own self-signed one, or the authority that signed it) that `rtsps` and
   * `https` streams must present for the host in their URL (`--stream-ca`): a stream that does not is refused, and
   * `rtmps` streams, which ffmpeg cannot check, are refused too. Unset (the default), as ffmpeg does: a stream's
   * certificate is not checked, so its TLS keeps it private but does not prove it comes from the camera.
   */
  streamCaFile: z.string().min(1).max(4096).optional(),
});

export type CaptureOptions = z.input<typeof captureConfigSchema>;
export type CaptureConfig = z.output<typeof captureConfigSchema>;
export type ReconnectConfig = CaptureConfig['reconnect'];
