import type { HandLandmarker } from './hand-landmarker.js';
import type { ExtractionResult } from './hand-landmarker-result.js';
import { isIdentityTransform } from '../preprocessing/crop-resize.js';
import { mapResultToSource } from './map-to-source.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import type { ExtractionStage } from './extraction-stage.js';

/** The extraction stage on handflow's landmark engine: tracking for streams, still detection for image folders. */
export class LandmarkerExtraction implements ExtractionStage {
  constructor(private readonly landmarker: HandLandmarker) {}

  async extract(frame: PreprocessedFrame, stills: boolean): Promise<ExtractionResult> {
    const { image, transform, captured } = frame;
    const result = stills ? await this.landmarker.detect(image) : await this.landmarker.detectForVideo(image, captured.timestamp);
    return isIdentityTransform(transform) ? result : mapResultToSource(result, transform, captured.frame.width, captured.frame.height);
  }

  close(): Promise<void> {
    return this.landmarker.close();
  }
}
