/** Timing samples with the summaries the benchmark prints. */
export class SampleSet {
  private readonly values: number[] = [];

  add(value: number): void {
    this.values.push(value);
  }

  get count(): number {
    return this.values.length;
  }

  filter(keep: (value: number) => boolean): SampleSet {
    const subset = new SampleSet();
    for (const value of this.values) if (keep(value)) subset.add(value);
    return subset;
  }

  /** The value below which `fraction` of the samples fall (nearest rank). */
  percentile(fraction: number): number {
    if (this.values.length === 0) return Number.NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  }
}

/** The middle of some samples; of an even count, the mean of the two middle ones (two rounds of a bench give their mean, not the lower). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

export function formatTable(rows: readonly [string, SampleSet][]): string {
  const header = `${'stage'.padEnd(26)}${'median ms'.padStart(10)}${'p95 ms'.padStart(10)}${'samples'.padStart(9)}`;
  const lines = rows.map(
    ([name, samples]) =>
      `${name.padEnd(26)}${samples.percentile(0.5).toFixed(2).padStart(10)}${samples.percentile(0.95).toFixed(2).padStart(10)}${String(samples.count).padStart(9)}`,
  );
  return [header, ...lines].join('\n');
}
