/**
 * Planted coordinated campaigns: who is in each, what they share, and when they act.
 *
 * Types follow the co-share family of CooRTweet (Righetti & Balluff) and the QUT coordination toolkit
 * (Graham et al.): accounts sharing the same object within a short window, repeatedly.
 * - `co-retweet`: the group retweets the same tweet within 30 s of each other.
 * - `co-hashtag`: the group posts different texts with the same rare hashtag within 30 s.
 * - `co-url`: the group posts different texts with the same link within 30 s.
 * - `co-text`: the group posts near-identical copies of one text (not retweets) within 20 min.
 * - `sync`: the group posts different content inside the same minute, on a fixed daily schedule.
 * - `mixed`: one group whose events take turns: a co-retweet, a co-hashtag, a co-url, and again.
 * Each spread is well inside the detection window declared in `truth.json` (60 s, 1 h, 60 s bins).
 *
 * Campaigns differ in size (8-40 members, fewer when the archive is small) and strength. Strong ones
 * act many times (about 4% of all tweets between them); weak ones act only 5-8 times, each event
 * spread over 30-180 s, as a loosely run group would: detectors may honestly miss them. Medium ones
 * (`--mix hard`) sit between: each member takes part in 15-30 events (per behaviour), members
 * 20-120 s apart, so no single pair of members holds much, while the group as a whole does. With
 * `--mix hard`, mixed campaigns take turns with all five behaviours (co-retweet, co-hashtag, co-url,
 * co-text, sync).
 * Planning stores one small record per event (never per tweet); the number of events per campaign
 * is capped, so memory does not grow with `--tweets`.
 */
import { UsageError } from "../errors.ts";
import type { Rng } from "../util/rng.ts";
import type { ArchiveAccount } from "./accounts.ts";
import { LANGUAGES, SCHEDULER_CLIENTS, TREND_HASHTAGS, type LanguageLexicon } from "./lexicon.ts";
import {
  CAMPAIGN_SIZE_RANGE, MAX_CAMPAIGN_ACCOUNT_SHARE, campaignKind, type CampaignStrength, type CampaignType, type ResolvedSynthOptions, type SynthMix,
} from "./options.ts";
import { DAY_MS } from "./timeline.ts";
import { campaignDomain, composeBody, pick, rareHashtag } from "./text.ts";

/** The detection window under which each type is planted (and stays separable from chance). */
export const CAMPAIGN_WINDOW_SECONDS: Readonly<Record<CampaignType, number>> = {
  "co-retweet": 60,
  "co-hashtag": 60,
  "co-url": 60,
  "co-text": 3600,
  sync: 60,
  mixed: 60,
};

/** The window of weak co-share campaigns: their members act up to 180 s apart. */
export const WEAK_WINDOW_SECONDS = 180;

/** How far apart the tweets of one event can be, in ms (below the window, or inside one minute bin for sync). */
export const CAMPAIGN_SPREAD_MS: Readonly<Record<CampaignType, number>> = {
  "co-retweet": 30_000,
  "co-hashtag": 30_000,
  "co-url": 30_000,
  "co-text": 20 * 60_000,
  sync: 55_000,
  mixed: 30_000,
};

/** How far apart the first and last tweet of one weak event are, in ms: drawn per event from this range. */
export const WEAK_SPREAD_MS = { min: 30_000, max: 180_000 } as const;
/** Events of a weak campaign: drawn from this range, whatever `--tweets` is. */
export const WEAK_EVENTS = { min: 5, max: 8 } as const;

/** Events each member of a medium campaign takes part in (per behaviour of a mixed one): drawn per member from this range. */
export const MEDIUM_MEMBER_EVENTS = { min: 15, max: 30 } as const;
/** Events of a medium campaign per behaviour: drawn from this range (at least the most any member takes part in). */
export const MEDIUM_EVENTS = { min: 32, max: 40 } as const;
/**
 * How far apart the first and last tweet of one medium event are, in ms (drawn per event); sync
 * events keep their members inside one minute bin, as sync counts shared minutes.
 */
export const MEDIUM_SPREAD_MS = { min: 20_000, max: 120_000 } as const;
/** The window of medium co-share campaigns: their members act up to 120 s apart. */
export const MEDIUM_WINDOW_SECONDS = 120;

/** The co-share kinds a mixed campaign takes turns with, in order. */
export const MIXED_KINDS = ["co-retweet", "co-hashtag", "co-url"] as const;
export type CoShareKind = (typeof MIXED_KINDS)[number] | "co-text" | "sync";
/** With `--mix hard`, a mixed campaign takes turns with every behaviour, in this order. */
export const HARD_MIXED_KINDS: readonly CoShareKind[] = ["co-retweet", "co-hashtag", "co-url", "co-text", "sync"];

/** The kinds a mixed campaign takes turns with in archives of `mix`. */
export function mixedKinds(mix: SynthMix): readonly CoShareKind[] {
  return mix === "hard" ? HARD_MIXED_KINDS : MIXED_KINDS;
}

/** The analyses meant to find a campaign of each type (a mixed one: one per kind it uses). */
export const CAMPAIGN_ANALYSES: Readonly<Record<CampaignType, readonly string[]>> = {
  "co-retweet": ["co-retweet"],
  "co-hashtag": ["co-hashtag"],
  "co-url": ["co-url"],
  "co-text": ["co-text"],
  sync: ["sync"],
  mixed: MIXED_KINDS,
};

/** Share of all tweets campaigns aim for (before the per-campaign cap on events). */
const PLANTED_SHARE = 0.04;
/** Planted tweets never take more than this share of `--tweets`. */
const MAX_PLANTED_SHARE = 0.5;
const MIN_EVENTS = 10;
const MIN_EVENTS_WHEN_SHORT = 2;
/** Caps events (and so `truth.json` objects) per campaign: memory stays flat at any `--tweets`. */
export const MAX_EVENTS = 2000;

export interface Campaign {
  /** Stable id: `c<n>-<type>`, numbered from 1 in planting order. */
  id: string;
  type: CampaignType;
  strength: CampaignStrength;
  /** Analyses meant to find it (truth.json's `analyses`). */
  analyses: readonly string[];
  /** Account indices (into the archive accounts). */
  members: number[];
  lexicon: LanguageLexicon;
  windowSeconds: number;
  /** co-hashtag: the rare hashtags of the campaign. */
  hashtags: string[];
  /** co-url: the invented domain the campaign links to. */
  domain: string;
  /** co-text: the texts the campaign copies (near-identically). */
  texts: string[];
  /** co-retweet: outside account indices the campaign amplifies. */
  sources: number[];
  /** sync: the scheduling client. */
  client: string;
  events: number;
  plantedTweets: number;
  /** Shared objects as used, in first-use order (what `truth.json` lists). */
  objects: string[];
  objectSet: Set<string>;
  /** The same objects by the analysis that sees them (kept apart for mixed campaigns). */
  objectsByAnalysis: Map<string, string[]>;
}

/** One coordinated action: `participants` members act from `timeMs` on. */
export interface CampaignEvent {
  campaign: number;
  timeMs: number;
  participants: number;
  /** What the event shares: the campaign's type, or for a mixed campaign the kind of this turn. */
  kind: CoShareKind;
  /** Longest delay between the event's first and last tweet, in ms. */
  spreadMs: number;
  /**
   * Medium campaigns: the members (account indices) who take part, chosen when planning so each
   * member takes part in 15-30 events; other campaigns draw `participants` members when the event starts.
   */
  members?: number[];
}

export interface CampaignPlan {
  campaigns: Campaign[];
  /** Sorted by time (then campaign). */
  events: CampaignEvent[];
  plantedTweets: number;
}

/** Records a shared object of a campaign, seen by `analysis`, the first time it is used. */
export function recordObject(campaign: Campaign, object: string, analysis: string): void {
  const key = `${analysis}\u0000${object}`;
  if (!campaign.objectSet.has(key)) {
    campaign.objectSet.add(key);
    if (!campaign.objects.includes(object)) campaign.objects.push(object);
    const list = campaign.objectsByAnalysis.get(analysis) ?? [];
    list.push(object);
    campaign.objectsByAnalysis.set(analysis, list);
  }
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Chooses members for each campaign among hashed accounts (big accounts and superspreaders stay organic), preferring
 * accounts whose language is the campaign's, and marks them in `accounts[i].campaign`.
 */
function assignMembers(rng: Rng, accounts: ArchiveAccount[], sizes: number[], lexicons: LanguageLexicon[]): number[][] {
  const pools = new Map<string, number[]>();
  const any: number[] = [];
  for (const index of shuffle(rng, accounts.map((_, i) => i))) {
    // Big accounts, organic superspreaders and heavy posters stay organic.
    if (!accounts[index].hashed || accounts[index].superspreader || accounts[index].heavyPosterZone !== -1) continue;
    const code = accounts[index].language.code;
    if (!pools.has(code)) pools.set(code, []);
    pools.get(code)!.push(index);
    any.push(index);
  }
  let anyCursor = 0;
  return sizes.map((size, c) => {
    const pool = pools.get(lexicons[c].code) ?? [];
    const members: number[] = [];
    while (members.length < size) {
      let index = pool.pop();
      if (index === undefined) {
        while (accounts[any[anyCursor]].campaign !== -1) anyCursor++;
        index = any[anyCursor];
        accounts[index].language = lexicons[c];
      }
      if (accounts[index].campaign !== -1) continue;
      accounts[index].campaign = c;
      members.push(index);
    }
    return members;
  });
}

function participantsFor(rng: Rng, type: CampaignType, size: number): number {
  const minShare = type === "sync" || type === "co-retweet" || type === "mixed" ? 0.7 : 0.6;
  return Math.min(size, Math.max(2, Math.round(size * (minShare + (1 - minShare) * rng()))));
}

/**
 * Who takes part in each event of a medium campaign: per behaviour, 32-40 events and each member in
 * 15-30 of them (a partial shuffle of the events), every event with at least 2 members. Lists are
 * interleaved by behaviour (event e is behaviour e mod `behaviours`), as a mixed campaign takes turns.
 */
function mediumEventMembers(rng: Rng, members: readonly number[], behaviours: number): number[][] {
  const perBehaviour = MEDIUM_EVENTS.min + Math.floor(rng() * (MEDIUM_EVENTS.max - MEDIUM_EVENTS.min + 1));
  const lists: number[][] = Array.from({ length: perBehaviour * behaviours }, () => []);
  for (let k = 0; k < behaviours; k++) {
    const taken = new Map<number, number>();
    for (const member of members) {
      const take = MEDIUM_MEMBER_EVENTS.min + Math.floor(rng() * (MEDIUM_MEMBER_EVENTS.max - MEDIUM_MEMBER_EVENTS.min + 1));
      const order = Array.from({ length: perBehaviour }, (_, j) => j);
      for (let i = 0; i < take; i++) {
        const j = i + Math.floor(rng() * (perBehaviour - i));
        [order[i], order[j]] = [order[j], order[i]];
        lists[order[i] * behaviours + k].push(member);
      }
      taken.set(member, take);
    }
    // One member alone is no co-action: a thin event takes the member with the fewest events (still at most 30).
    for (let j = 0; j < perBehaviour; j++) {
      const list = lists[j * behaviours + k];
      while (list.length < 2) {
        const spare = members.filter((m) => !list.includes(m) && taken.get(m)! < MEDIUM_MEMBER_EVENTS.max).sort((a, b) => taken.get(a)! - taken.get(b)! || a - b)[0];
        if (spare === undefined) break;
        list.push(spare);
        taken.set(spare, taken.get(spare)! + 1);
      }
    }
  }
  return lists;
}

/** Event times of one campaign inside its active period (a third to two thirds of the whole span). */
function eventTimes(rng: Rng, campaign: Campaign, count: number, startMs: number, endMs: number): number[] {
  const span = endMs - startMs;
  const length = span * (0.3 + 0.4 * rng());
  const from = startMs + (span - length) * rng();
  // Leave room for the event's spread before the end of the archive.
  const to = Math.min(from + length, endMs - 2 * 3_600_000);
  if (campaign.type !== "sync") {
    const times: number[] = [];
    for (let e = 0; e < count; e++) times.push(Math.floor(from + (to - from) * rng()));
    return times.sort((a, b) => a - b);
  }
  // Lockstep: a fixed daily schedule of minute slots, the same clock times on many days.
  const firstDay = Math.ceil((from - startMs) / DAY_MS);
  const lastDay = Math.max(firstDay, Math.floor((to - startMs) / DAY_MS) - 1);
  const days = lastDay - firstDay + 1;
  const slotCount = Math.min(1440, Math.max(3 + Math.floor(rng() * 4), Math.ceil((2 * count) / days)));
  const slots = new Set<number>();
  while (slots.size < slotCount) slots.add(Math.floor(rng() * 1440));
  const slotList = [...slots];
  const bins = new Set<number>();
  const wanted = Math.min(count, Math.floor((days * slotCount) / 2));
  while (bins.size < wanted) {
    const day = firstDay + Math.floor(rng() * days);
    bins.add(startMs + day * DAY_MS + pick(rng, slotList) * 60_000);
  }
  return [...bins].sort((a, b) => a - b);
}

/**
 * Plans `options.campaigns` campaigns over `accounts`: members, shared-object pools and event
 * schedule. Types cycle through `CAMPAIGN_TYPES`, strong in the first round, weak in the next
 * (see {@link campaignKind}). Throws `UsageError` (`BAD_OPTION`)
 * when `--tweets` cannot hold even a short campaign schedule.
 */
export function planCampaigns(rng: Rng, accounts: ArchiveAccount[], outsideAccountCount: number, options: ResolvedSynthOptions): CampaignPlan {
  const count = options.campaigns;
  if (count === 0) return { campaigns: [], events: [], plantedTweets: 0 };
  const english = LANGUAGES.find((entry) => entry.lexicon.code === "en")!.lexicon;
  const russian = LANGUAGES.find((entry) => entry.lexicon.code === "ru")!.lexicon;
  const sizeCap = Math.floor((options.accounts * MAX_CAMPAIGN_ACCOUNT_SHARE) / count);
  const kinds = Array.from({ length: count }, (_, c) => campaignKind(c, options.mix));
  const mixed = mixedKinds(options.mix);
  const types = kinds.map((kind) => kind.type);
  const { min, max } = CAMPAIGN_SIZE_RANGE;
  const sizes = types.map(() => Math.min(sizeCap, min + Math.floor(rng() * (max - min + 1))));
  const lexicons = types.map(() => (rng() < 0.5 ? english : russian));
  const members = assignMembers(rng, accounts, sizes, lexicons);
  const usedTags = new Set<string>();
  for (const { lexicon } of LANGUAGES) for (const tag of lexicon.hashtags) usedTags.add(tag.toLowerCase());

  for (const tags of Object.values(TREND_HASHTAGS)) for (const tag of tags) usedTags.add(tag.toLowerCase());

  const campaigns: Campaign[] = types.map((type, c) => {
    const lexicon = lexicons[c];
    const shares = (kind: CoShareKind) => type === kind || (type === "mixed" && mixed.includes(kind));
    const strength = kinds[c].strength;
    const coShare = type !== "co-text" && type !== "sync";
    return {
      id: `c${c + 1}-${type}`,
      type,
      strength,
      analyses: type === "mixed" ? mixed : CAMPAIGN_ANALYSES[type],
      members: members[c],
      lexicon,
      windowSeconds:
        strength === "weak" && coShare ? WEAK_WINDOW_SECONDS : strength === "medium" && coShare ? MEDIUM_WINDOW_SECONDS : CAMPAIGN_WINDOW_SECONDS[type],
      hashtags: shares("co-hashtag") ? Array.from({ length: 3 + Math.floor(rng() * 6) }, () => rareHashtag(rng, lexicon, usedTags)) : [],
      domain: shares("co-url") ? campaignDomain(rng) : "",
      texts: [],
      // Amplified accounts come from the popular end of the outside accounts, as news and celebrity feeds.
      sources: shares("co-retweet") ? Array.from({ length: 3 + Math.floor(rng() * 6) }, () => Math.floor(rng() ** 2 * Math.min(outsideAccountCount, 500))) : [],
      client: shares("sync") ? pick(rng, SCHEDULER_CLIENTS) : "",
      events: 0,
      plantedTweets: 0,
      objects: [],
      objectSet: new Set<string>(),
      objectsByAnalysis: new Map<string, string[]>(),
    };
  });

  // Events per strong campaign: about PLANTED_SHARE of all tweets, at least MIN_EVENTS, at most MAX_EVENTS.
  // Weak campaigns act 5-8 times whatever the size of the archive.
  const strongCount = campaigns.filter((campaign) => campaign.strength === "strong").length;
  const perCampaign = (PLANTED_SHARE * options.tweets) / Math.max(1, strongCount);
  // Medium campaigns choose who takes part in each event (each member 15-30 events per behaviour).
  const mediumMembers = new Map<number, number[][]>();
  let eventCounts = campaigns.map((campaign, c) => {
    if (campaign.strength === "medium") {
      const behaviours = campaign.type === "mixed" ? mixed.length : 1;
      const perEvent = mediumEventMembers(rng, campaign.members, behaviours);
      mediumMembers.set(c, perEvent);
      return perEvent.length;
    }
    return campaign.strength === "weak"
      ? WEAK_EVENTS.min + Math.floor(rng() * (WEAK_EVENTS.max - WEAK_EVENTS.min + 1))
      : Math.min(MAX_EVENTS, Math.max(MIN_EVENTS, Math.round(perCampaign / (0.8 * campaign.members.length))));
  });
  let participants = campaigns.map((campaign, c) =>
    mediumMembers.has(c)
      ? mediumMembers.get(c)!.map((list) => list.length)
      : Array.from({ length: eventCounts[c] }, () => participantsFor(rng, campaign.type, campaign.members.length)),
  );
  const budget = Math.floor(options.tweets * MAX_PLANTED_SHARE);
  const total = () => participants.reduce((sum, list) => sum + list.reduce((s, p) => s + p, 0), 0);
  if (total() > budget) {
    // Small archives: fewer strong events, down to MIN_EVENTS_WHEN_SHORT, so organic tweets stay the majority.
    const factor = budget / total();
    eventCounts = eventCounts.map((n, c) => (campaigns[c].strength !== "strong" ? n : Math.max(MIN_EVENTS_WHEN_SHORT, Math.floor(n * factor))));
    participants = participants.map((list, c) => list.slice(0, eventCounts[c]));
    if (total() > budget) {
      throw new UsageError("BAD_OPTION", `${options.tweets} tweets are too few for ${count} campaigns`, {
        field: "tweets",
        hint: `use at least ${2 * total()} tweets or fewer campaigns`,
      });
    }
  }

  const events: CampaignEvent[] = [];
  campaigns.forEach((campaign, c) => {
    const times = eventTimes(rng, campaign, eventCounts[c], options.startMs, options.endMs);
    const eventMembers = mediumMembers.get(c);
    let textEvents = 0;
    times.forEach((eventMs, e) => {
      // A mixed campaign takes turns, so each of its analyses sees its share of the events.
      const kind: CoShareKind = campaign.type === "mixed" ? mixed[e % mixed.length] : campaign.type;
      if (kind === "co-text") textEvents++;
      // A mixed campaign's sync turn starts on a minute, as a scheduler posts (sync counts shared minutes).
      const timeMs = kind === "sync" && campaign.type === "mixed" ? eventMs - (eventMs % 60_000) : eventMs;
      const spreadMs =
        campaign.strength === "weak"
          ? WEAK_SPREAD_MS.min + Math.floor(rng() * (WEAK_SPREAD_MS.max - WEAK_SPREAD_MS.min + 1))
          : campaign.strength === "medium" && kind !== "sync"
            ? MEDIUM_SPREAD_MS.min + Math.floor(rng() * (MEDIUM_SPREAD_MS.max - MEDIUM_SPREAD_MS.min + 1))
            : CAMPAIGN_SPREAD_MS[campaign.type === "mixed" ? kind : campaign.type];
      const event: CampaignEvent = { campaign: c, timeMs, participants: participants[c][e], kind, spreadMs };
      if (eventMembers !== undefined) event.members = eventMembers[e];
      events.push(event);
      campaign.plantedTweets += participants[c][e];
    });
    campaign.events = times.length;
    if (textEvents > 0) {
      // A handful of messages, each copied in several events, as copy-paste operations reuse scripts.
      const textCount = Math.max(1, Math.ceil(textEvents / 4));
      for (let t = 0; t < textCount; t++) campaign.texts.push(composeBody(rng, campaign.lexicon).replace(/\n/g, " "));
    }
  });
  events.sort((a, b) => a.timeMs - b.timeMs || a.campaign - b.campaign);
  return { campaigns, events, plantedTweets: campaigns.reduce((sum, campaign) => sum + campaign.plantedTweets, 0) };
}
