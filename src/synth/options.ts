/**
 * Options of `coordgraph synth`: their defaults (declared once, shown by `--help`) and the
 * validation every caller goes through, CLI or API. Bad values raise `UsageError` with the stable
 * code `BAD_OPTION` and the offending option as `field`.
 */
import { UsageError } from "../errors.ts";

/**
 * The campaign types planted, in the order campaigns cycle through them. `mixed` is one group that
 * co-retweets, co-hashtags and co-links in turn (each of its events is one of those three).
 */
export const CAMPAIGN_TYPES = ["co-retweet", "co-hashtag", "co-url", "co-text", "sync", "mixed"] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/**
 * `strong`: many events, members within seconds of each other; `medium` (`--mix hard` only): each
 * member takes part in 15-30 events (per behaviour, for a mixed campaign), members 20-120 s apart;
 * `weak`: only 5-8 events, members 30-180 s apart.
 */
export const CAMPAIGN_STRENGTHS = ["strong", "medium", "weak"] as const;
export type CampaignStrength = (typeof CAMPAIGN_STRENGTHS)[number];

/**
 * What an archive holds besides its campaigns' types:
 * - `default`: the demo's archive (organic events, superspreaders; strong and weak campaigns);
 * - `hard`: adds what breaks detectors out of sample: organic heavy posters who share a daily
 *   rhythm and time zone, organic interest communities that share niche sources at their own pace,
 *   medium campaigns, and mixed campaigns that use all five behaviours.
 */
export const SYNTH_MIXES = ["default", "hard"] as const;
export type SynthMix = (typeof SYNTH_MIXES)[number];

/** Strength of each round of campaign types, by mix: rounds cycle through this list. */
export const STRENGTH_ROUNDS: Readonly<Record<SynthMix, readonly CampaignStrength[]>> = {
  default: ["strong", "weak"],
  hard: ["strong", "medium", "weak"],
};

/**
 * Type and strength of the campaign numbered `index` (from 0): types cycle; each round of types has
 * the next strength of the mix (default: strong, weak; hard: strong, medium, weak).
 */
export function campaignKind(index: number, mix: SynthMix = "default"): { type: CampaignType; strength: CampaignStrength } {
  const rounds = STRENGTH_ROUNDS[mix];
  return {
    type: CAMPAIGN_TYPES[index % CAMPAIGN_TYPES.length],
    strength: rounds[Math.floor(index / CAMPAIGN_TYPES.length) % rounds.length],
  };
}

/** Defaults of every optional setting; the CLI shows exactly these in `--help`. */
export const SYNTH_DEFAULTS = {
  /**
   * Planted campaigns; with 8 every type (mixed too) appears, and weak ones beside strong ones.
   * When not given and the accounts are too few for 8 groups of 3, as many as they allow.
   */
  campaigns: 8,
  /** With `--mix hard`: every type strong, medium and weak. */
  hardMixCampaigns: 18,
  /** See {@link SYNTH_MIXES}. */
  mix: "default",
  /** 32-bit seed: same seed and options give byte-identical files. */
  seed: 1,
  /** File name prefix, as the releases name files `<prefix>_tweets_csv_hashed.csv`. */
  prefix: "synth",
  /** First day of tweets (UTC, inclusive). Accounts are created before it. */
  start: "2014-01-01",
  /** Day after the last tweet (UTC, exclusive). */
  end: "2018-06-01",
} as const;

/** Progress as the generator reports it (the CLI turns it into a progress bar). */
export interface SynthProgress {
  tweetsWritten: number;
  tweetsTotal: number;
}

export interface SynthOptions {
  /** Tweets to write (rows of the tweets file). */
  tweets: number;
  /** Accounts of the archive (rows of the users file); at most 30% of them join campaigns. */
  accounts: number;
  /** Directory to write into; created when missing, files in it are overwritten. */
  outDir: string;
  /**
   * Default {@link SYNTH_DEFAULTS.campaigns} ({@link SYNTH_DEFAULTS.hardMixCampaigns} with mix `hard`),
   * or as many as `accounts` allows when that is fewer. 0: organic accounts only.
   */
  campaigns?: number;
  /** Default {@link SYNTH_DEFAULTS.mix}. */
  mix?: SynthMix;
  /**
   * Organic heavy posters (see `heavy.ts`). Default: none in the default mix; with mix `hard`,
   * {@link HEAVY_POSTER_ACCOUNT_SHARE} of the accounts (at least 3).
   */
  heavyPosters?: number;
  /**
   * Organic interest communities (see `interest.ts`). Default: none in the default mix; with mix
   * `hard`, one per 150 accounts, from 2 to 20.
   */
  interestCommunities?: number;
  /** Default {@link SYNTH_DEFAULTS.seed}. */
  seed?: number;
  /** Default {@link SYNTH_DEFAULTS.prefix}. */
  prefix?: string;
  /** YYYY-MM-DD, default {@link SYNTH_DEFAULTS.start}. */
  start?: string;
  /** YYYY-MM-DD, default {@link SYNTH_DEFAULTS.end}. */
  end?: string;
  /** Called every few thousand tweets and once at the end. */
  onProgress?: (progress: SynthProgress) => void;
}

/** Options after validation: every default applied, dates as Unix milliseconds. */
export interface ResolvedSynthOptions {
  tweets: number;
  accounts: number;
  outDir: string;
  campaigns: number;
  mix: SynthMix;
  heavyPosters: number;
  interestCommunities: number;
  seed: number;
  prefix: string;
  startMs: number;
  endMs: number;
  onProgress?: (progress: SynthProgress) => void;
}

/** Campaign accounts never exceed this share of all accounts: organic accounts stay a large majority. */
export const MAX_CAMPAIGN_ACCOUNT_SHARE = 0.3;
/** Smallest campaign group that still shows coordination between more than one pair. */
export const MIN_GROUP_SIZE = 3;
/** Campaign sizes are drawn from this range, then bounded by the account count (small archives). */
export const CAMPAIGN_SIZE_RANGE = { min: 8, max: 40 } as const;
/** Heavy posters with mix `hard` when not given: this share of the accounts, at least 3. */
export const HEAVY_POSTER_ACCOUNT_SHARE = 0.025;
/** Heavy posters never exceed this share of the accounts. */
export const MAX_HEAVY_POSTER_SHARE = 0.1;
/** Interest communities with mix `hard` when not given: one per this many accounts, from 2 to 20. */
export const ACCOUNTS_PER_INTEREST_COMMUNITY = 150;
/** Interest-community members never exceed this share of the accounts. */
export const MAX_INTEREST_ACCOUNT_SHARE = 0.25;
/** Upper bound of the counts, far above the IRA release (9,041,308 tweets, 3,841 accounts). */
const MAX_TWEETS = 1_000_000_000;
const MAX_ACCOUNTS = 10_000_000;

const DAY_MS = 86_400_000;

function badOption(field: string, message: string, hint?: string): UsageError {
  return new UsageError("BAD_OPTION", message, { field, hint });
}

/**
 * Parses a whole non-negative decimal number as the CLI receives it ("9000000", "9_000_000").
 * Rejects signs, fractions, exponents and anything JavaScript would silently round.
 */
export function parseCountOption(value: string, field: string): number {
  const digits = value.trim().replace(/_/g, "");
  if (!/^\d+$/.test(digits) || !Number.isSafeInteger(Number(digits))) {
    throw badOption(field, `expected a whole number, got "${value}"`);
  }
  return Number(digits);
}

function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw badOption(field, `expected a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function parseDay(value: string, field: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw badOption(field, `expected a date YYYY-MM-DD, got "${value}"`);
  }
  return ms;
}

/** Validates options and applies defaults. Throws `UsageError` (`BAD_OPTION`). */
export function resolveSynthOptions(options: SynthOptions): ResolvedSynthOptions {
  const tweets = checkInteger(options.tweets, "tweets", 1, MAX_TWEETS);
  const accounts = checkInteger(options.accounts, "accounts", 1, MAX_ACCOUNTS);
  const mix = options.mix ?? SYNTH_DEFAULTS.mix;
  if (!(SYNTH_MIXES as readonly string[]).includes(mix)) {
    throw badOption("mix", `expected one of ${SYNTH_MIXES.join(", ")}, got "${String(mix)}"`);
  }
  const hard = mix === "hard";
  const campaigns =
    options.campaigns === undefined
      ? Math.min(hard ? SYNTH_DEFAULTS.hardMixCampaigns : SYNTH_DEFAULTS.campaigns, Math.floor((accounts * MAX_CAMPAIGN_ACCOUNT_SHARE) / MIN_GROUP_SIZE))
      : checkInteger(options.campaigns, "campaigns", 0, 10_000);
  const maxHeavy = Math.floor(accounts * MAX_HEAVY_POSTER_SHARE);
  const heavyPosters =
    options.heavyPosters === undefined
      ? hard
        ? Math.min(maxHeavy, Math.max(3, Math.round(accounts * HEAVY_POSTER_ACCOUNT_SHARE)))
        : 0
      : checkInteger(options.heavyPosters, "heavy-posters", 0, maxHeavy);
  const maxCommunities = Math.floor((accounts * MAX_INTEREST_ACCOUNT_SHARE) / MIN_GROUP_SIZE);
  const interestCommunities =
    options.interestCommunities === undefined
      ? hard
        ? Math.min(maxCommunities, Math.max(2, Math.min(20, Math.floor(accounts / ACCOUNTS_PER_INTEREST_COMMUNITY))))
        : 0
      : checkInteger(options.interestCommunities, "interest-communities", 0, maxCommunities);
  const seed = checkInteger(options.seed ?? SYNTH_DEFAULTS.seed, "seed", 0, 0xffffffff);
  const prefix = options.prefix ?? SYNTH_DEFAULTS.prefix;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(prefix)) {
    throw badOption("prefix", `expected letters, digits, ".", "_" or "-", got "${prefix}"`);
  }
  if (typeof options.outDir !== "string" || options.outDir.trim() === "") {
    throw badOption("out", "an output directory is required");
  }
  const startMs = parseDay(options.start ?? SYNTH_DEFAULTS.start, "start");
  const endMs = parseDay(options.end ?? SYNTH_DEFAULTS.end, "end");
  // Snowflake ids only exist from November 2010; earlier tweets could not carry a precise time.
  if (startMs < Date.UTC(2010, 10, 5)) {
    throw badOption("start", "tweets must start on or after 2010-11-05 (the first snowflake ids)");
  }
  if (endMs - startMs < 7 * DAY_MS) {
    throw badOption("end", "the end must be at least 7 days after the start");
  }
  if (campaigns > 0 && Math.floor((accounts * MAX_CAMPAIGN_ACCOUNT_SHARE) / campaigns) < MIN_GROUP_SIZE) {
    const needed = Math.ceil((campaigns * MIN_GROUP_SIZE) / MAX_CAMPAIGN_ACCOUNT_SHARE);
    throw badOption("accounts", `${accounts} accounts are too few for ${campaigns} campaigns`, `use at least ${needed} accounts or fewer campaigns`);
  }
  return { tweets, accounts, outDir: options.outDir, campaigns, mix, heavyPosters, interestCommunities, seed, prefix, startMs, endMs, onProgress: options.onProgress };
}
