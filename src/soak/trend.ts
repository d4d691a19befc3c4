/** One measurement of a quantity at a moment, in ms on any clock. */
export interface Point {
  readonly atMs: number;
  readonly value: number;
}

/** The least-squares slope of `points`, per minute; 0 with fewer than two distinct moments. */
export function slopePerMinute(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanT = points.reduce((sum, p) => sum + p.atMs, 0) / n;
  const meanV = points.reduce((sum, p) => sum + p.value, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const { atMs, value } of points) {
    covariance += (atMs - meanT) * (value - meanV);
    variance += (atMs - meanT) ** 2;
  }
  return variance === 0 ? 0 : (covariance / variance) * 60_000;
}
