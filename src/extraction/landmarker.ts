import type { RgbImage } from '../core/image.js';
import type { ExtractionResult } from './hand-landmarker-result.js';

/** What the extraction stage needs of a hand engine: HandLandmarker in this thread, or on a thread of its own. */
export interface Landmarker {
  /** Hands in a still image, with no memory of earlier calls. */
  detect(image: RgbImage): Promise<ExtractionResult>;
  /** Hands in a video frame, tracked from the frames before. */
  detectForVideo(image: RgbImage, timestampMs: number): Promise<ExtractionResult>;
  close(): Promise<void>;
}
