/**
 * Organic heavy posters (`--mix hard`): a few ordinary accounts that post a large share of all
 * tweets (tens of thousands each over months at the IRA release's size), every one of them on the
 * daily clock of its time zone: asleep at night, busiest in the morning and evening, local time.
 *
 * Why: in the IRA release a few hundred accounts wrote most of the 9M tweets, and accounts living in
 * one time zone wake, post and sleep on the same clock. A null model that keeps each account's volume
 * but not its daily rhythm sees their shared minutes as "synchronised" (on an unseen 9M archive, sync
 * flagged groups of 71 and 32 such accounts at 10-12% over its expectation, p 1e-23). They are
 * organic: truth.json lists them (`heavyPosters`, `heavyPosterZones`) so a detector that flags them
 * is caught flagging a shared clock, not coordination.
 *
 * Each zone is one stream of tweets (an {@link OrganicClock} over the archive's days and the zone's
 * rhythm) whose authors are drawn among the zone's heavy posters by their own rates: memory holds a
 * few numbers per heavy poster, never a tweet.
 */
import type { Rng } from "../util/rng.ts";
import { AliasSampler, type ArchiveAccount } from "./accounts.ts";
import { OrganicClock, withDailyRhythm, type DailyProfile } from "./timeline.ts";

/** Share of the organic (clock-driven) tweets that heavy posters write between them. */
export const HEAVY_POSTER_TWEET_SHARE = 0.4;

/**
 * Posting weight per local hour (0 = midnight) of a heavy poster: nearly silent from midnight to
 * 6, a morning peak, a lull in the afternoon, the busiest evening. Never 0: people do post at night.
 */
export const HEAVY_POSTER_LOCAL_DAY: readonly number[] = [
  0.15, 0.05, 0.02, 0.02, 0.02, 0.05, 0.3, 1.0, 1.6, 1.5, 1.3, 1.2, 1.4, 1.3, 1.1, 1.0, 1.1, 1.3, 1.6, 1.9, 2.0, 1.7, 1.0, 0.4,
];

/** A time zone heavy posters live in, and the account languages that put them there. */
export interface HeavyPosterZone {
  /** As truth.json names it, e.g. `UTC+3`. */
  name: string;
  utcOffsetHours: number;
  /** Account language codes of this zone; `null`: every language no other zone claims. */
  languages: readonly string[] | null;
}

/** Russian-language accounts post on Moscow's clock, English ones on New York's, the rest on Berlin's. */
export const HEAVY_POSTER_ZONES: readonly HeavyPosterZone[] = [
  { name: "UTC+3", utcOffsetHours: 3, languages: ["ru"] },
  { name: "UTC-5", utcOffsetHours: -5, languages: ["en"] },
  { name: "UTC+1", utcOffsetHours: 1, languages: null },
];

/** The zone (index into {@link HEAVY_POSTER_ZONES}) of an account writing in `languageCode`. */
export function heavyPosterZoneOf(languageCode: string): number {
  const zone = HEAVY_POSTER_ZONES.findIndex((candidate) => candidate.languages?.includes(languageCode));
  return zone >= 0 ? zone : HEAVY_POSTER_ZONES.findIndex((candidate) => candidate.languages === null);
}

/**
 * Marks `count` heavy posters among `accounts`: hashed, organic, not superspreaders (chosen before
 * campaigns, so none is a member), each in the zone of its language and with a posting rate of its
 * own (0.5-1.5 of the zone's mean). Returns their indices in account order.
 */
export function chooseHeavyPosters(rng: Rng, accounts: ArchiveAccount[], count: number): number[] {
  const eligible = accounts.map((_, index) => index).filter((index) => accounts[index].hashed && !accounts[index].superspreader);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, eligible.length)) chosen.add(eligible[Math.floor(rng() * eligible.length)]);
  const indices = [...chosen].sort((a, b) => a - b);
  for (const index of indices) accounts[index].heavyPosterZone = heavyPosterZoneOf(accounts[index].language.code);
  return indices;
}

/** One zone's stream of heavy posters' tweets: when the next one is due and who writes it. */
interface ZoneLane {
  clock: OrganicClock;
  authors: AliasSampler;
  members: number[];
  left: number;
  nextMs: number;
}

/**
 * The heavy posters' tweets, in time order, one stream per zone merged: `peekTime()` is when the
 * next is due, `pop()` says who writes it. `rates` are drawn from `rng` here, so one seed gives one
 * set of rates.
 */
export class HeavyPosterStreams {
  private readonly lanes: ZoneLane[] = [];
  /** Tweets all streams write together. */
  readonly tweets: number;

  constructor(rng: Rng, clockRng: Rng, profile: DailyProfile, accounts: readonly ArchiveAccount[], heavyPosters: readonly number[], tweets: number) {
    const rateOf = new Map(heavyPosters.map((index) => [index, 0.5 + rng()]));
    const zones = HEAVY_POSTER_ZONES.map((zone, z) => {
      const members = heavyPosters.filter((index) => accounts[index].heavyPosterZone === z);
      const rates = members.map((index) => rateOf.get(index)!);
      return { zone, members, rates, rate: rates.reduce((sum, rate) => sum + rate, 0) };
    }).filter((zone) => zone.members.length > 0);
    const totalRate = zones.reduce((sum, zone) => sum + zone.rate, 0);
    // Largest remainders: each zone's share of `tweets` by its rate, rounded so the counts add up exactly.
    const shares = zones.map((zone) => (tweets * zone.rate) / totalRate);
    const counts = shares.map(Math.floor);
    const byRemainder = shares.map((share, z) => ({ z, remainder: share - counts[z] })).sort((a, b) => b.remainder - a.remainder || a.z - b.z);
    const missing = tweets - counts.reduce((sum, count) => sum + count, 0);
    for (let k = 0; k < missing; k++) counts[byRemainder[k].z]++;
    zones.forEach(({ zone, members, rates }, z) => {
      const clock = new OrganicClock(clockRng, withDailyRhythm(profile, HEAVY_POSTER_LOCAL_DAY, zone.utcOffsetHours), counts[z]);
      this.lanes.push({ clock, authors: new AliasSampler(rates), members, left: counts[z], nextMs: counts[z] > 0 ? clock.next() : Number.POSITIVE_INFINITY });
    });
    this.tweets = zones.length > 0 ? tweets : 0;
  }

  /** When the next heavy poster's tweet is due, or +Infinity when none is left. */
  peekTime(): number {
    let best = Number.POSITIVE_INFINITY;
    for (const lane of this.lanes) if (lane.nextMs < best) best = lane.nextMs;
    return best;
  }

  /** The author (account index) of the tweet due at `peekTime()`; call only when that is finite. */
  pop(rng: Rng): number {
    let chosen = this.lanes[0];
    for (const lane of this.lanes) if (lane.nextMs < chosen.nextMs) chosen = lane;
    const author = chosen.members[chosen.authors.sample(rng)];
    chosen.left--;
    chosen.nextMs = chosen.left > 0 ? chosen.clock.next() : Number.POSITIVE_INFINITY;
    return author;
  }
}
