/** One variant's outcomes over the photos. */
export class VariantTally {
  photos = 0;
  withHand = 0;
  exact = 0;
  detectMs = 0;

  add(handFound: boolean, countExact: boolean, detectMs: number): void {
    this.photos++;
    if (handFound) this.withHand++;
    if (countExact) this.exact++;
    this.detectMs += detectMs;
  }
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The table: hand recall, exact finger count and still-image time per photo, a row per variant. */
export function formatRobustnessTable(tallies: ReadonlyMap<string, VariantTally>): string {
  const widest = Math.max(...[...tallies.keys()].map((name) => name.length));
  const header = `${'variant'.padEnd(widest)}${'photos'.padStart(8)}${'hand recall'.padStart(13)}${'exact count'.padStart(13)}${'ms/photo'.padStart(10)}`;
  const rows = [...tallies].map(
    ([name, tally]) =>
      `${name.padEnd(widest)}${String(tally.photos).padStart(8)}${percent(tally.withHand / tally.photos).padStart(13)}` +
      `${percent(tally.exact / tally.photos).padStart(13)}${(tally.detectMs / tally.photos).toFixed(1).padStart(10)}`,
  );
  return [header, ...rows].join('\n');
}
