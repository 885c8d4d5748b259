/**
 * Accounts of the synthetic archive and of the world around it.
 *
 * Archive accounts follow the October 2018 release: accounts under 5,000 followers have id, display
 * and screen name replaced by one SHA-256 hash (64 hex); a few larger accounts keep a numeric id and
 * real-looking names. Outside accounts (retweeted, replied to, mentioned) keep numeric ids, as the
 * release leaves accounts outside the operation alone. Activity is heavy-tailed (Pareto), as in the
 * IRA release where a few accounts wrote most tweets.
 */
import { createHash } from "node:crypto";
import type { Rng } from "../util/rng.ts";
import {
  CLIENTS, DESCRIPTIONS, FIRST_NAMES, HANDLE_PARTS_A, HANDLE_PARTS_B, LANGUAGES, LAST_NAMES, LOCATIONS,
  OUTLET_PARTS_A, OUTLET_PARTS_B, type LanguageLexicon,
} from "./lexicon.ts";
import { TWITTER_EPOCH_MS, DAY_MS, formatDay } from "./timeline.ts";
import { quoteField } from "./writer.ts";
import { pick, randomToken } from "./text.ts";

export interface ArchiveAccount {
  /** 64-hex hash, or a numeric id for accounts with 5,000+ followers. */
  id: string;
  /** Equal to `id` for hashed accounts (the 2018 files put the hash in all three columns). */
  screenName: string;
  displayName: string;
  hashed: boolean;
  followers: number;
  language: LanguageLexicon;
  secondLanguage: LanguageLexicon;
  primaryClient: string;
  secondaryClient: string;
  /** Share of this account's organic tweets that are retweets. */
  retweetShare: number;
  /** Relative organic posting rate. */
  activity: number;
  /** Index of the planted campaign it belongs to, or -1 for organic accounts. */
  campaign: number;
  /** An organic account that retweets and shares whatever is popular within seconds (see `organic.ts`). */
  superspreader: boolean;
  /** An organic heavy poster's time zone (index into `HEAVY_POSTER_ZONES`, see `heavy.ts`), or -1. */
  heavyPosterZone: number;
  /** Index of the organic interest community it belongs to (see `interest.ts`), or -1. */
  interestCommunity: number;
  /** The ten user columns, each quoted, joined by commas: the same in the users file and every tweet row. */
  csv: string;
}

export interface OutsideAccount {
  id: string;
  screenName: string;
}

/** Twitter's user ids grew with time: approximate (Unix ms, id) knots before snowflake user ids. */
const USER_ID_KNOTS: readonly [number, number][] = [
  [Date.UTC(2007, 0, 1), 5e5],
  [Date.UTC(2008, 0, 1), 1.2e7],
  [Date.UTC(2009, 0, 1), 1.9e7],
  [Date.UTC(2010, 0, 1), 1.0e8],
  [Date.UTC(2011, 0, 1), 2.3e8],
  [Date.UTC(2012, 0, 1), 4.6e8],
  [Date.UTC(2013, 0, 1), 1.1e9],
  [Date.UTC(2014, 0, 1), 2.27e9],
  [Date.UTC(2015, 0, 1), 2.95e9],
  [Date.UTC(2015, 11, 1), 4.3e9],
];

/** A numeric user id plausible for an account created at `createdMs`. */
function numericUserId(rng: Rng, createdMs: number): string {
  const last = USER_ID_KNOTS[USER_ID_KNOTS.length - 1];
  if (createdMs >= last[0]) {
    return ((BigInt(createdMs - TWITTER_EPOCH_MS) << 22n) | BigInt(Math.floor(rng() * (1 << 22)))).toString();
  }
  let k = 0;
  while (k < USER_ID_KNOTS.length - 2 && USER_ID_KNOTS[k + 1][0] <= createdMs) k++;
  const [t0, id0] = USER_ID_KNOTS[k];
  const [t1, id1] = USER_ID_KNOTS[k + 1];
  const base = id0 + ((id1 - id0) * Math.max(0, createdMs - t0)) / (t1 - t0);
  return String(Math.floor(base + rng() * 1e6));
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** One item drawn with chance proportional to its `weight`. */
export function weightedPick<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  let roll = rng() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1];
}

/** The account hash: SHA-256 of a seed-specific string, so ids are stable per seed and look released. */
export function accountHash(seed: number, index: number): string {
  return createHash("sha256").update(`coordgraph-synth/${seed}/account/${index}`).digest("hex");
}

const EARLIEST_CREATION_MS = Date.UTC(2007, 0, 1);

function creationTime(rng: Rng, startMs: number): number {
  const from = Math.max(EARLIEST_CREATION_MS, startMs - 5 * 365 * DAY_MS);
  return from + Math.floor(rng() * (startMs - DAY_MS - from));
}

function accountLanguageCode(rng: Rng, language: LanguageLexicon): string {
  if (language.code === "ru") return rng() < 0.65 ? "ru" : "en";
  if (language.code === "en") return rng() < 0.95 ? "en" : "es";
  return rng() < 0.5 ? language.code : "en";
}

function bigAccountNames(rng: Rng, taken: Set<string>): { screenName: string; displayName: string } {
  for (let attempt = 0; ; attempt++) {
    let displayName: string;
    let screenName: string;
    if (rng() < 0.5) {
      const first = pick(rng, FIRST_NAMES);
      const last = pick(rng, LAST_NAMES);
      displayName = `${first} ${last}`;
      screenName = rng() < 0.5 ? `${first}_${last}` : `${first}${last}${10 + Math.floor(rng() * 90)}`;
    } else {
      const a = pick(rng, OUTLET_PARTS_A);
      const b = pick(rng, OUTLET_PARTS_B);
      displayName = `${a} ${b}`;
      screenName = `${a.replace(/ /g, "")}${b}`;
    }
    if (attempt > 5) screenName += String(attempt);
    if (!taken.has(screenName.toLowerCase())) {
      taken.add(screenName.toLowerCase());
      return { screenName, displayName };
    }
  }
}

/**
 * The archive's accounts, in users-file order. About 2% keep numeric ids and names (5,000+ followers);
 * the rest are hashed. `campaign` is -1 here: campaign planning assigns members afterwards.
 */
export function generateArchiveAccounts(rng: Rng, count: number, seed: number, startMs: number): ArchiveAccount[] {
  const bigCount = count >= 10 ? Math.max(1, Math.round(count * 0.02)) : 0;
  const big = new Set<number>();
  while (big.size < bigCount) big.add(Math.floor(rng() * count));
  const takenIds = new Set<string>();
  const takenNames = new Set<string>();
  const english = LANGUAGES.find((entry) => entry.lexicon.code === "en")!.lexicon;
  const russian = LANGUAGES.find((entry) => entry.lexicon.code === "ru")!.lexicon;
  const accounts: ArchiveAccount[] = [];
  for (let index = 0; index < count; index++) {
    const hashed = !big.has(index);
    const language = weightedPick(rng, LANGUAGES).lexicon;
    const createdMs = creationTime(rng, startMs);
    let id: string;
    let screenName: string;
    let displayName: string;
    let followers: number;
    if (hashed) {
      id = accountHash(seed, index);
      screenName = id;
      displayName = id;
      followers = Math.min(4999, Math.floor(Math.exp(4.6 + 1.4 * normal(rng))));
    } else {
      do id = numericUserId(rng, createdMs);
      while (takenIds.has(id));
      ({ screenName, displayName } = bigAccountNames(rng, takenNames));
      followers = Math.min(2_000_000, 5000 + Math.floor(Math.exp(9 + 1.3 * normal(rng))));
    }
    takenIds.add(id);
    const following = Math.min(9000, Math.floor(Math.exp(5 + 1.2 * normal(rng))));
    const primaryClient = weightedPick(rng, CLIENTS).name;
    let secondaryClient = weightedPick(rng, CLIENTS).name;
    if (secondaryClient === primaryClient) secondaryClient = "Twitter Web Client";
    const locations = LOCATIONS[language.code] ?? [""];
    const descriptions = DESCRIPTIONS[language.code] ?? [""];
    const profileUrl = !hashed && rng() < 0.6 ? `https://t.co/${randomToken(rng, 10)}` : rng() < 0.03 ? `https://t.co/${randomToken(rng, 10)}` : "";
    const accountLanguage = accountLanguageCode(rng, language);
    // Pareto with shape 1.1, capped and jittered (no tie at the cap): a few accounts post hundreds
    // of times more than the median, as in the IRA release.
    const activity = Math.min(500, (1 - rng()) ** (-1 / 1.1)) * (0.7 + 0.6 * rng()) * (hashed ? 1 : 3);
    const fields = [
      id, displayName, screenName, pick(rng, locations), pick(rng, descriptions), profileUrl,
      String(followers), String(following), formatDay(createdMs), accountLanguage,
    ];
    accounts.push({
      id, screenName, displayName, hashed, followers, language,
      secondLanguage: language === english ? russian : english,
      primaryClient, secondaryClient,
      retweetShare: 0.1 + 0.7 * rng(),
      activity,
      campaign: -1,
      superspreader: false,
      heavyPosterZone: -1,
      interestCommunity: -1,
      csv: fields.map(quoteField).join(","),
    });
  }
  return accounts;
}

/**
 * Accounts outside the archive, most popular first: numeric ids and handles, as the release keeps
 * them in `retweet_userid`, `in_reply_to_userid` and `user_mentions`.
 */
export function generateOutsideAccounts(rng: Rng, count: number, startMs: number, avoidIds: Set<string>): OutsideAccount[] {
  const takenNames = new Set<string>();
  const takenIds = new Set(avoidIds);
  const accounts: OutsideAccount[] = [];
  for (let index = 0; index < count; index++) {
    let id: string;
    do id = numericUserId(rng, creationTime(rng, startMs));
    while (takenIds.has(id));
    takenIds.add(id);
    let screenName = `${pick(rng, HANDLE_PARTS_A)}${pick(rng, HANDLE_PARTS_B)}`;
    if (rng() < 0.4 || takenNames.has(screenName)) screenName += String(Math.floor(rng() * 1000));
    while (takenNames.has(screenName)) screenName += String(Math.floor(rng() * 10));
    takenNames.add(screenName);
    accounts.push({ id, screenName });
  }
  return accounts;
}

/**
 * Walker's alias method (Vose's variant): O(n) to build, O(1) per draw, so picking the author of
 * each of millions of tweets by activity costs one random number.
 */
export class AliasSampler {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const total = weights.reduce((sum, w) => sum + w, 0);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((w, i) => (w < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of large) this.probability[i] = 1;
    for (const i of small) this.probability[i] = 1;
  }

  sample(rng: Rng): number {
    const x = rng() * this.probability.length;
    const i = Math.floor(x);
    return x - i < this.probability[i] ? i : this.alias[i];
  }
}
