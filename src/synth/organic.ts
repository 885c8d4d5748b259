/**
 * What organic accounts do alike by chance, as real Twitter users do (so that a detector which flags
 * chance co-shares is caught out, as on a real archive):
 * - viral bursts: a popular account's tweet is retweeted by hundreds of accounts within minutes
 *   (delays log-normal, median 90 s, with a tail of hours), as measured for retweet cascades
 *   (Kwak et al. 2010: half of all retweets within an hour; Zhao et al. 2015, SEISMIC);
 * - trending hashtags: an event tag (a debate, a match, a storm) used by many accounts within minutes;
 * - breaking news: a new article link posted by many within minutes, a good part of them with the
 *   article's headline as the share button writes it (the same text from unrelated accounts);
 * - copy-paste: slogans, greetings, proverbs and song lines posted word for word, not retweeted,
 *   by unrelated accounts over an hour or so (and now and then at any time);
 * - superspreaders: a few very active organic accounts (news aggregators, fans, bots of no
 *   operation) that retweet and share whatever becomes popular within seconds of it appearing
 *   (Shao et al. 2018 on low-credibility superspreaders; Grinberg et al. 2019 on supersharers).
 * Everyone else joins events with a chance that grows with their own activity, so the heavy tail of
 * activity (a few accounts posting most tweets) also shows in who co-shares by chance.
 *
 * Events are planned as counts and sizes only (a few numbers each, a share of `--tweets`), their
 * times drawn lazily from the archive's volume profile; participants are drawn when an event starts.
 */
import type { Rng } from "../util/rng.ts";
import type { ArchiveAccount } from "./accounts.ts";
import { OrganicClock, type VolumeProfile } from "./timeline.ts";

export const ORGANIC_EVENT_KINDS = ["viral-retweet", "trending-hashtag", "breaking-news", "copy-paste"] as const;
export type OrganicEventKind = (typeof ORGANIC_EVENT_KINDS)[number];

/** Share of all tweets written by each kind of organic event. */
export const ORGANIC_EVENT_SHARE: Readonly<Record<OrganicEventKind, number>> = {
  "viral-retweet": 0.05,
  "trending-hashtag": 0.02,
  "breaking-news": 0.02,
  "copy-paste": 0.01,
};

/** Superspreaders: this share of the accounts, at least 3 (at most 5% of a tiny archive), at most 50. */
const SUPERSPREADER_SHARE = 0.005;
const MIN_SUPERSPREADERS = 3;
const MAX_SUPERSPREADERS = 50;
/** Share of the organic (clock-driven) tweets that superspreaders write between them. */
const SUPERSPREADER_TWEET_SHARE = 0.08;

/** A superspreader's chance to take part in each kind of event (they skip slogans and greetings). */
export const SUPERSPREADER_JOINS: Readonly<Record<OrganicEventKind, number>> = {
  "viral-retweet": 0.9,
  "trending-hashtag": 0.6,
  "breaking-news": 0.9,
  "copy-paste": 0,
};

/** Median and log-spread of how long after an event's start each ordinary participant acts, in ms. */
const DELAY_MODEL: Readonly<Record<OrganicEventKind, { medianMs: number; sigma: number }>> = {
  "viral-retweet": { medianMs: 90_000, sigma: 1.2 },
  "trending-hashtag": { medianMs: 240_000, sigma: 1.2 },
  "breaking-news": { medianMs: 180_000, sigma: 1.3 },
  "copy-paste": { medianMs: 15 * 60_000, sigma: 1.5 },
};
const MAX_DELAY_MS = 6 * 3_600_000;

/** Event size (participating accounts) for an archive of `accounts`, by kind. */
function eventSize(rng: Rng, kind: OrganicEventKind, accounts: number): number {
  const u = rng();
  let size: number;
  switch (kind) {
    case "viral-retweet":
      // Hundreds where the archive has them: 5-30% of all accounts, at least 100 (or half of a small archive).
      size = Math.max(Math.min(100, Math.floor(accounts / 2)), Math.round(accounts * (0.05 + 0.25 * u * u)));
      return Math.min(size, Math.floor(accounts * 0.6));
    case "trending-hashtag":
    case "breaking-news":
      size = Math.max(Math.min(30, Math.floor(accounts / 4)), Math.round(accounts * (0.01 + 0.06 * u * u)));
      return Math.min(size, Math.floor(accounts * 0.3));
    case "copy-paste":
      return Math.min(Math.floor(accounts / 5), 5 + Math.floor(u * u * 55));
  }
}

/** One organic event as the generator expands it. */
export interface OrganicEvent {
  kind: OrganicEventKind;
  timeMs: number;
  /** Accounts taking part (superspreaders included), each posting once. */
  size: number;
}

/**
 * The organic events of one archive, in time order: per kind, sizes drawn until the kind's share
 * of `tweets` is used, times from a random-spaced clock over the volume profile.
 */
export class OrganicEventSchedule {
  private readonly streams: { kind: OrganicEventKind; clock: OrganicClock; sizes: Int32Array; next: number; timeMs: number }[] = [];
  /** Tweets all events write together. */
  readonly tweets: number;
  readonly counts: Record<OrganicEventKind, number>;

  constructor(planRng: Rng, clockRng: Rng, profile: VolumeProfile, tweets: number, accounts: number) {
    let total = 0;
    const counts = {} as Record<OrganicEventKind, number>;
    for (const kind of ORGANIC_EVENT_KINDS) {
      const budget = Math.floor(tweets * ORGANIC_EVENT_SHARE[kind]);
      const sizes: number[] = [];
      let used = 0;
      for (;;) {
        const size = eventSize(planRng, kind, accounts);
        if (size < 2 || used + size > budget) break;
        sizes.push(size);
        used += size;
      }
      counts[kind] = sizes.length;
      total += used;
      const clock = new OrganicClock(clockRng, profile, sizes.length, "random");
      this.streams.push({ kind, clock, sizes: Int32Array.from(sizes), next: 0, timeMs: sizes.length > 0 ? clock.next() : Number.POSITIVE_INFINITY });
    }
    this.tweets = total;
    this.counts = counts;
  }

  /** Start time of the next event, or +Infinity when none is left. */
  peekTime(): number {
    let best = Number.POSITIVE_INFINITY;
    for (const stream of this.streams) if (stream.timeMs < best) best = stream.timeMs;
    return best;
  }

  /** The next event (call only when `peekTime()` is finite); ties go to the earlier kind. */
  pop(): OrganicEvent {
    let chosen = this.streams[0];
    for (const stream of this.streams) if (stream.timeMs < chosen.timeMs) chosen = stream;
    const event: OrganicEvent = { kind: chosen.kind, timeMs: chosen.timeMs, size: chosen.sizes[chosen.next++] };
    chosen.timeMs = chosen.next < chosen.sizes.length ? chosen.clock.next() : Number.POSITIVE_INFINITY;
    return event;
  }
}

/** Delay of an ordinary participant after the event's start, in ms: log-normal, at least 2 s, at most 6 h. */
export function participantDelayMs(rng: Rng, kind: OrganicEventKind): number {
  const { medianMs, sigma } = DELAY_MODEL[kind];
  const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.min(MAX_DELAY_MS, Math.max(2000, Math.round(medianMs * Math.exp(sigma * normal))));
}

/** Delay of a superspreader after something popular appears, in ms: 1-20 s, most within 6 s. */
export function superspreaderDelayMs(rng: Rng): number {
  return 1000 + Math.floor(19_000 * rng() ** 2);
}

/**
 * Marks the organic superspreaders among `accounts` (before campaigns are planted, so none is a
 * member) and makes them highly active retweeters. Returns their indices, in account order.
 */
export function chooseSuperspreaders(rng: Rng, accounts: ArchiveAccount[]): number[] {
  const wanted = Math.min(
    Math.floor(accounts.length * 0.05),
    Math.min(MAX_SUPERSPREADERS, Math.max(MIN_SUPERSPREADERS, Math.round(accounts.length * SUPERSPREADER_SHARE))),
  );
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(Math.floor(rng() * accounts.length));
  const indices = [...chosen].sort((a, b) => a - b);
  const othersActivity = accounts.reduce((sum, account, index) => (chosen.has(index) ? sum : sum + account.activity), 0);
  // Together they write about SUPERSPREADER_TWEET_SHARE of the organic tweets, whatever the archive's size:
  // each among its most active accounts, nearly all of it retweets.
  const each = (SUPERSPREADER_TWEET_SHARE / (1 - SUPERSPREADER_TWEET_SHARE)) * (othersActivity / Math.max(1, indices.length));
  for (const index of indices) {
    const account = accounts[index];
    account.superspreader = true;
    account.activity = each * (0.6 + 0.8 * rng());
    account.retweetShare = 0.85 + 0.1 * rng();
  }
  return indices;
}

/**
 * Draws distinct accounts with chances growing with their activity (Efraimidis-Spirakis: the k
 * smallest of Exp(1)/w), superspreaders excluded (they join events by their own rule).
 */
export class ParticipantSampler {
  private readonly weights: Float64Array;
  private readonly keys: Float64Array;
  private readonly scratch: Float64Array;
  /** Accounts that can be drawn at all. */
  readonly eligible: number;

  constructor(accounts: readonly ArchiveAccount[]) {
    this.weights = Float64Array.from(accounts, (account) => (account.superspreader ? 0 : account.activity ** 0.7));
    this.keys = new Float64Array(accounts.length);
    this.scratch = new Float64Array(accounts.length);
    this.eligible = accounts.filter((account) => !account.superspreader).length;
  }

  /** `k` distinct account indices (at most the eligible count), in account order. */
  sample(rng: Rng, k: number): number[] {
    const n = this.weights.length;
    const take = Math.min(k, this.eligible);
    if (take <= 0) return [];
    for (let i = 0; i < n; i++) {
      const w = this.weights[i];
      this.keys[i] = w > 0 ? -Math.log(1 - rng()) / w : Number.POSITIVE_INFINITY;
    }
    this.scratch.set(this.keys);
    const threshold = kthSmallest(this.scratch, take - 1);
    const chosen: number[] = [];
    for (let i = 0; i < n && chosen.length < take; i++) if (this.keys[i] <= threshold) chosen.push(i);
    return chosen;
  }
}

/** The k-th smallest value (0-based) of `values` by Hoare's quickselect; reorders `values`. */
function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
