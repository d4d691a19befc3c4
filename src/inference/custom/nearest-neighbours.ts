/** A labelled example: a gesture's name and its feature numbers. */
export interface Sample {
  label: string;
  features: readonly number[];
}

export interface Prediction {
  label: string;
  /** The share of the k nearest samples that carry `label` (0-1). */
  confidence: number;
  /** Distance to the nearest sample with `label`: how far the features are from anything learned. */
  distance: number;
}

/**
 * A k-nearest-neighbour classifier: the label most common among the `k` learned samples nearest to the
 * features (Euclidean distance), ties going to the label of the nearest. Learning is keeping the samples,
 * so a handful per gesture is enough and a new gesture needs no retraining of the others.
 */
export class NearestNeighbours {
  private readonly dimensions: number;
  private readonly matrix: Float64Array;
  private readonly labels: string[];

  constructor(
    samples: readonly Sample[],
    private readonly k: number,
  ) {
    if (samples.length === 0) throw new RangeError('a nearest-neighbour classifier needs at least one sample');
    this.dimensions = samples[0]!.features.length;
    if (samples.some((sample) => sample.features.length !== this.dimensions)) {
      throw new RangeError(`every sample needs ${this.dimensions} features`);
    }
    this.matrix = Float64Array.from(samples.flatMap((sample) => sample.features));
    this.labels = samples.map((sample) => sample.label);
  }

  get size(): number {
    return this.labels.length;
  }

  /** The labels it tells apart, each once. */
  get labelNames(): readonly string[] {
    return [...new Set(this.labels)];
  }

  /** The prediction for `features`; `excluding` leaves out one learned sample (for leave-one-out checks). */
  predict(features: readonly number[], excluding = -1): Prediction {
    if (features.length !== this.dimensions) throw new RangeError(`expected ${this.dimensions} features, got ${features.length}`);
    const nearest: { index: number; distance: number }[] = [];
    for (let index = 0; index < this.labels.length; index++) {
      if (index === excluding) continue;
      const distance = this.squaredDistance(features, index);
      if (nearest.length < this.k || distance < nearest[nearest.length - 1]!.distance) {
        nearest.push({ index, distance });
        nearest.sort((a, b) => a.distance - b.distance);
        if (nearest.length > this.k) nearest.pop();
      }
    }
    const votes = new Map<string, number>();
    for (const { index } of nearest) votes.set(this.labels[index]!, (votes.get(this.labels[index]!) ?? 0) + 1);
    const top = Math.max(...votes.values());
    // Among the labels with the most votes, the one whose sample is nearest.
    const winner = nearest.find(({ index }) => votes.get(this.labels[index]!) === top)!;
    return { label: this.labels[winner.index]!, confidence: top / nearest.length, distance: Math.sqrt(winner.distance) };
  }

  private squaredDistance(features: readonly number[], row: number): number {
    let sum = 0;
    const offset = row * this.dimensions;
    for (let column = 0; column < this.dimensions; column++) {
      const difference = features[column]! - this.matrix[offset + column]!;
      sum += difference * difference;
    }
    return sum;
  }
}
