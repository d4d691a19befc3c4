/** A monotonic time source in milliseconds. Stages take one as a parameter so tests can drive time. */
export type Clock = () => number;

/** The process's monotonic clock (`performance.now()`). */
export const monotonicClock: Clock = () => performance.now();
