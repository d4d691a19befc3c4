/** A time source in milliseconds. Stages take one as a parameter so tests can drive time. */
export type Clock = () => number;

/** The process's monotonic clock (`performance.now()`): never set back or forward, but it stops while the system is suspended. */
export const monotonicClock: Clock = () => performance.now();

/** Milliseconds since the epoch (`Date.now()`): it counts a system suspend, and it moves when the clock is set. */
export const wallClock: Clock = () => Date.now();
