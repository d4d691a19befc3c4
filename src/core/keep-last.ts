/** Adds `item` to the end of `list`, dropping the oldest once it holds more than `max`: a window of the latest. */
export function pushKeepingLast<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.shift();
}
