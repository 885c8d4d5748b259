/**
 * Twitter snowflake ids: since November 2010 a tweet id carries its creation time,
 * `(id >> 22) + 1288834974657` Unix milliseconds (Twitter's snowflake epoch). The archives give
 * `tweet_time` truncated to the minute, so the id is the only source of second- and
 * millisecond-level timing; we trust it only when it agrees with the coarse time, because ids
 * before the switch (sequential, e.g. `397`) decode to meaningless instants near the epoch.
 */

/** Twitter's snowflake epoch, 2010-11-04T01:42:54.657Z, in Unix milliseconds. */
export const SNOWFLAKE_EPOCH_MS = 1288834974657;

/** The largest id that fits the 63 bits a snowflake uses. */
const MAX_SNOWFLAKE = (1n << 63n) - 1n;

/**
 * The creation time encoded in a snowflake id, in Unix milliseconds, or `undefined` when the id is
 * not a decimal string of at most 19 digits (hashes, mangled ids) or decodes to the epoch itself.
 *
 * @example snowflakeTimeMs("877919995476496385") // 1498147412543 = 2017-06-22T16:03:32.543Z
 */
export function snowflakeTimeMs(id: string): number | undefined {
  const length = id.length;
  if (length === 0 || length > 19) return undefined;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const value = BigInt(id);
  if (value > MAX_SNOWFLAKE) return undefined;
  const offset = Number(value >> 22n);
  return offset > 0 ? offset + SNOWFLAKE_EPOCH_MS : undefined;
}

/**
 * The precise time of a tweet whose coarse time is known: the snowflake time when it lies in
 * `[coarseMs, coarseMs + windowMs)` (the coarse time is truncated, never rounded), else `undefined`.
 *
 * @example preciseTimeMs("877919995476496385", Date.UTC(2017, 5, 22, 16, 3), 60_000) // 1498147412543
 */
export function preciseTimeMs(id: string, coarseMs: number, windowMs: number): number | undefined {
  const ms = snowflakeTimeMs(id);
  return ms !== undefined && ms >= coarseMs && ms < coarseMs + windowMs ? ms : undefined;
}
