/**
 * Time in the synthetic archive: when organic tweets and events happen (a yearly volume profile with
 * bursty weeks and a daily rhythm on Moscow working hours), snowflake ids that carry each tweet's
 * millisecond, and the release's minute-precision `tweet_time`.
 *
 * Snowflake layout (Twitter, 2010): id = ((ms - 1288834974657) << 22) | worker (10 bits) | sequence (12 bits).
 */
import type { Rng } from "../util/rng.ts";

export const TWITTER_EPOCH_MS = 1288834974657;
export const DAY_MS = 86_400_000;
const TWITTER_EPOCH = BigInt(TWITTER_EPOCH_MS);

/** The 22 low bits of ids the archive's own tweets use (workers 0-511); outside tweets use 512-1023. */
export const ARCHIVE_LOW_BITS = 1 << 21;

/** A snowflake id as a decimal string (64-bit: built with BigInt, never a JS number). */
export function snowflakeId(timeMs: number, lowBits: number): string {
  return ((BigInt(timeMs - TWITTER_EPOCH_MS) << 22n) | BigInt(lowBits)).toString();
}

/** The creation time (Unix ms) a snowflake id carries: `(id >> 22) + 1288834974657`. */
export function snowflakeTimeMs(id: string): number {
  return Number((BigInt(id) >> 22n) + TWITTER_EPOCH);
}

/**
 * Ids of the archive's tweets, unique because tweets are emitted in time order: a new millisecond
 * draws a worker and a small sequence, the same millisecond increments the previous low bits.
 */
export class ArchiveIdSequence {
  private lastMs = -1;
  private lastLow = 0;
  constructor(private readonly rng: Rng) {}

  next(timeMs: number): string {
    if (timeMs === this.lastMs) this.lastLow = (this.lastLow + 1) % ARCHIVE_LOW_BITS;
    else {
      // Real ids show few workers and small sequences; any values below 2^21 keep the ranges apart.
      this.lastLow = (Math.floor(this.rng() * 512) << 12) | Math.floor(this.rng() * 8);
      this.lastMs = timeMs;
    }
    return snowflakeId(timeMs, this.lastLow);
  }
}

/** Ids of tweets outside the archive: a counter in the upper worker range, unique for 2^21 consecutive ids. */
export class OutsideIdSequence {
  private counter = 0;
  next(timeMs: number): string {
    const low = ARCHIVE_LOW_BITS | (this.counter++ % ARCHIVE_LOW_BITS);
    return snowflakeId(timeMs, low);
  }
}

/** `YYYY-MM-DD HH:MM` (UTC, truncated) as `tweet_time` writes it; cached per minute since time only grows. */
export class MinuteFormatter {
  private minute = Number.NaN;
  private text = "";
  format(timeMs: number): string {
    const minute = Math.floor(timeMs / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      const iso = new Date(minute * 60_000).toISOString();
      this.text = `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
    }
    return this.text;
  }
}

export function formatMinute(timeMs: number): string {
  const iso = new Date(Math.floor(timeMs / 60_000) * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function formatDay(timeMs: number): string {
  return new Date(timeMs).toISOString().slice(0, 10);
}

/** Activity per UTC hour: low at night in Moscow (UTC+3), high in its working day, a US evening tail. */
const HOURLY_WEIGHTS = [0.5, 0.4, 0.3, 0.25, 0.3, 0.5, 0.9, 1.2, 1.4, 1.5, 1.5, 1.5, 1.5, 1.5, 1.6, 1.6, 1.5, 1.4, 1.3, 1.2, 1.0, 0.9, 0.8, 0.6];

/**
 * What an {@link OrganicClock} draws times from: a day-level profile and the rhythm within each day
 * (weights per UTC hour), both as prefix sums.
 */
export interface DailyProfile {
  readonly startMs: number;
  readonly dayCumulative: Float64Array;
  readonly hourCumulative: Float64Array;
  readonly hourWeights: Float64Array;
}

/**
 * `profile`'s days with another daily rhythm: `localHourWeights` (weights per local hour, 0 =
 * midnight) of people living at UTC + `utcOffsetHours`, so the days' volumes stay shared and the
 * hours follow that zone's clock.
 */
export function withDailyRhythm(profile: DailyProfile, localHourWeights: readonly number[], utcOffsetHours: number): DailyProfile {
  const hourWeights = new Float64Array(24);
  for (let utcHour = 0; utcHour < 24; utcHour++) hourWeights[utcHour] = localHourWeights[(((utcHour + utcOffsetHours) % 24) + 24) % 24];
  return { startMs: profile.startMs, dayCumulative: profile.dayCumulative, hourWeights, hourCumulative: cumulative(hourWeights) };
}

/**
 * The archive's volume over time: a day-level profile (a hump over the whole period, as operations
 * grow, peak and get suspended, with bursty weeks) and the daily rhythm within each day. Organic
 * tweets and organic events (viral bursts, trends) share one profile, so events come when people are online.
 */
export class VolumeProfile implements DailyProfile {
  readonly dayCumulative: Float64Array;
  readonly hourCumulative: Float64Array;
  readonly hourWeights: Float64Array;

  constructor(
    rng: Rng,
    readonly startMs: number,
    endMs: number,
  ) {
    const days = Math.round((endMs - startMs) / DAY_MS);
    const dayWeights = new Float64Array(days);
    let weekFactor = 1;
    for (let d = 0; d < days; d++) {
      if (d % 7 === 0) weekFactor = 0.4 + 1.6 * rng() ** 2;
      const x = (d + 0.5) / days;
      dayWeights[d] = (0.25 + Math.sin(Math.PI * x) ** 2) * weekFactor;
    }
    this.dayCumulative = cumulative(dayWeights);
    this.hourWeights = Float64Array.from(HOURLY_WEIGHTS);
    this.hourCumulative = cumulative(this.hourWeights);
  }
}

/**
 * Times of organic tweets or events, strictly in order, as quantiles of a {@link VolumeProfile}:
 * `stratified` gives the i-th of n the quantile (i + u) / n (even, for the many organic tweets);
 * `random` gives the sorted quantiles of n independent uniforms, drawn one after the other
 * (U(i) = 1 - (1 - U(i-1)) * V^(1/(n-i))), so rarer events cluster and gap as a Poisson process does.
 * O(1) per time on average and nothing stored per time.
 */
export class OrganicClock {
  private day = 0;
  private index = 0;
  private quantile = 0;

  constructor(
    private readonly rng: Rng,
    private readonly profile: DailyProfile,
    private readonly count: number,
    private readonly spacing: "stratified" | "random" = "stratified",
  ) {}

  /** The next time in Unix ms (never earlier than the previous one). */
  next(): number {
    const { dayCumulative, hourCumulative, hourWeights, startMs } = this.profile;
    const total = dayCumulative[dayCumulative.length - 1];
    if (this.spacing === "stratified") this.quantile = (this.index + this.rng()) / this.count;
    else this.quantile = 1 - (1 - this.quantile) * (1 - this.rng()) ** (1 / Math.max(1, this.count - this.index));
    this.index++;
    const target = Math.min(this.quantile, 1) * total;
    while (this.day < dayCumulative.length - 2 && dayCumulative[this.day + 1] <= target) this.day++;
    const dayWeight = dayCumulative[this.day + 1] - dayCumulative[this.day];
    const withinDay = Math.min(1, Math.max(0, (target - dayCumulative[this.day]) / dayWeight));
    const hourTarget = withinDay * hourCumulative[24];
    let hour = 0;
    while (hour < 23 && hourCumulative[hour + 1] <= hourTarget) hour++;
    const withinHour = Math.min(0.999999, (hourTarget - hourCumulative[hour]) / hourWeights[hour]);
    return startMs + this.day * DAY_MS + Math.floor((hour + withinHour) * 3_600_000);
  }
}

/** Prefix sums with a leading 0: `result[i]` is the weight before item i, `result[n]` the total. */
function cumulative(weights: Float64Array): Float64Array {
  const sums = new Float64Array(weights.length + 1);
  for (let i = 0; i < weights.length; i++) sums[i + 1] = sums[i] + weights[i];
  return sums;
}
