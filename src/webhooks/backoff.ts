/** The first retry waits up to this long; each failure after it doubles the bound. */
export const backoffBaseMs = 500;
/** The bound stops growing here: a receiver back up is noticed within a minute. */
export const backoffCapMs = 60_000;

/**
 * How long to wait after the `attempts`-th failure in a row (1 for the first): "full jitter", a uniform
 * draw between 0 and the exponential bound, so that the retries of several senders spread out instead of
 * arriving together when a receiver comes back.
 */
export function backoffDelayMs(attempts: number, random: () => number = Math.random): number {
  return random() * Math.min(backoffCapMs, backoffBaseMs * 2 ** (attempts - 1));
}
