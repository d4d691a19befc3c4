import type { HandLandmarks, Landmark } from '../extraction/hand-landmarker-result.js';
import { OneEuroFilter, type OneEuroParameters } from './one-euro-filter.js';

/** One filter per coordinate of each of the 21 landmarks of one followed hand. */
type HandFilters = { x: OneEuroFilter; y: OneEuroFilter; z: OneEuroFilter }[];

/**
 * Smooths each followed hand's image landmarks with One Euro filters, keyed by the hand's track id. Speeds
 * are measured in hand sizes per second (MediaPipe's landmark smoothing does the same), so one `beta` suits
 * near and far hands. Only the image landmarks are smoothed (world landmarks are passed through): they are
 * what the classifiers read.
 */
export class LandmarkSmoother {
  private filters = new Map<number, HandFilters>();

  constructor(private readonly parameters: OneEuroParameters) {}

  smooth(hand: HandLandmarks, trackId: number, timestampMs: number, imageWidth: number, imageHeight: number): HandLandmarks {
    const filters = this.filtersFor(trackId);
    const { width, height } = hand.boundingBox;
    const speedScale = 2 / Math.max(1, width + height);
    const landmarks = hand.landmarks.map((landmark, index): Landmark => {
      const filter = filters[index]!;
      const pixelX = filter.x.apply(landmark.pixelX, timestampMs, speedScale);
      const pixelY = filter.y.apply(landmark.pixelY, timestampMs, speedScale);
      const z = filter.z.apply(landmark.z * imageWidth, timestampMs, speedScale) / imageWidth;
      return { x: pixelX / imageWidth, y: pixelY / imageHeight, z, pixelX, pixelY, visibility: landmark.visibility };
    });
    return { ...hand, landmarks };
  }

  /** Drops the filters of hands no longer followed. */
  keepOnly(trackIds: readonly number[]): void {
    for (const id of this.filters.keys()) if (!trackIds.includes(id)) this.filters.delete(id);
  }

  private filtersFor(trackId: number): HandFilters {
    let filters = this.filters.get(trackId);
    if (filters === undefined) {
      const filter = () => new OneEuroFilter(this.parameters);
      filters = Array.from({ length: 21 }, () => ({ x: filter(), y: filter(), z: filter() }));
      this.filters.set(trackId, filters);
    }
    return filters;
  }
}
