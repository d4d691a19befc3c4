import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { ExtractionResult } from './hand-landmarker-result.js';

/** Finds hands in a frame: the landmark engine behind a seam, so sessions can be tested and composed. */
export interface ExtractionStage {
  /** `stills`: the frame stands alone (an image of a folder) rather than continuing a stream. */
  extract(frame: PreprocessedFrame, stills: boolean): Promise<ExtractionResult>;
  close(): Promise<void>;
}
