import { HandflowError } from '../core/errors.js';
import type { Landmarker } from './landmarker.js';
import type { ExtractionResult } from './hand-landmarker-result.js';
import { isIdentityTransform } from '../preprocessing/crop-resize.js';
import { mapResultToSource } from './map-to-source.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { ExtractionStage } from './extraction-stage.js';

/** The extraction stage on handflow's landmark engine: tracking for streams, still detection for image folders. */
export class LandmarkerExtraction implements ExtractionStage {
  /** Let go of once closed: an ended session is kept for its metrics, and should not keep its models' buffers. */
  private landmarker: Landmarker | undefined;

  constructor(landmarker: Landmarker) {
    this.landmarker = landmarker;
  }

  async extract(frame: PreprocessedFrame, stills: boolean): Promise<ExtractionResult> {
    const { landmarker } = this;
    if (landmarker === undefined) throw new HandflowError('MODEL_LOAD_FAILED', 'the hand models are closed: the session has ended');
    const { image, transform, captured, sourceSize } = frame;
    const result = stills ? await landmarker.detect(image) : await landmarker.detectForVideo(image, captured.timestamp);
    return isIdentityTransform(transform) ? result : mapResultToSource(result, transform, sourceSize.width, sourceSize.height);
  }

  async close(): Promise<void> {
    const { landmarker } = this;
    this.landmarker = undefined;
    await landmarker?.close();
  }
}
