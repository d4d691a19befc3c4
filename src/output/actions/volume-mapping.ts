/** The volume for a pinch distance: `closed` (palm lengths) and below is 0%, `open` and above is 100%, linear between. */
export function volumeFromPinch(distance: number, [closed, open]: readonly [number, number]): number {
  return Math.round(Math.min(1, Math.max(0, (distance - closed) / (open - closed))) * 100);
}

/** The volume for a finger count: 20% a finger, five fingers (or more, with two hands) 100%. */
export function volumeFromFingers(count: number): number {
  return Math.min(100, Math.max(0, count) * 20);
}

/** Whether a new volume is far enough from the last one set to be worth setting: a still hand should not keep setting it. */
export function isVolumeChange(target: number, last: number | undefined, minChange: number): boolean {
  return last === undefined || Math.abs(target - last) >= minChange || ((target === 0 || target === 100) && target !== last);
}
