/**
 * Organic interest communities (`--mix hard`): groups of ordinary accounts that follow the same
 * niche sources (a few small feeds, a hobby or local site, the niche's own hashtags) and share what
 * those sources post, each at its own pace: minutes to hours after the source, never within seconds.
 *
 * Why: this is the false positive that breaks coordination detectors out of sample. Vargas, Emami
 * and Traynor (2020, "On the detection of disinformation campaign activity with network analysis")
 * found F1 0.98 on known campaigns and 0.71 on new data, all of the drop from organic communities
 * reacting to the same news. Members share the same objects again and again, and now and then two
 * of them happen to act within a minute of each other; a detector should not call that coordination.
 * truth.json lists them (`interestCommunities`), so a run that flags them is caught.
 *
 * Planning stores a few numbers per event (capped per community, as for campaigns): memory does not
 * grow with `--tweets`. Participants are drawn when an event starts.
 */
import type { Rng } from "../util/rng.ts";
import type { ArchiveAccount } from "./accounts.ts";
import { LANGUAGES, TREND_HASHTAGS, type LanguageLexicon } from "./lexicon.ts";
import { MAX_INTEREST_ACCOUNT_SHARE } from "./options.ts";
import { campaignDomain, rareHashtag } from "./text.ts";

/** What one post of a niche source makes members share: its tweet (retweeted), the niche's hashtag, or the site's new article. */
export const INTEREST_SHARE_KINDS = ["retweet", "hashtag", "link"] as const;
export type InterestShareKind = (typeof INTEREST_SHARE_KINDS)[number];

/** Share of all tweets written by interest communities' members sharing their sources (before the cap on events). */
export const INTEREST_TWEET_SHARE = 0.03;
/** Community sizes are drawn from this range, then bounded by the accounts left. */
export const INTEREST_COMMUNITY_SIZE = { min: 8, max: 25 } as const;
/** Events per community: at least this many, at most {@link MAX_INTEREST_EVENTS}. */
const MIN_INTEREST_EVENTS = 10;
export const MAX_INTEREST_EVENTS = 2000;
/** Share of the members who share each post: drawn per event from this range (at least 2 accounts). */
const PARTICIPATION = { min: 0.3, max: 0.7 } as const;

/**
 * A member's delay after the source posts, in ms: log-normal (median 12 minutes, a tail of hours),
 * at least 2 minutes and at most 6 hours: people who follow a feed read it at their own pace.
 */
export const INTEREST_DELAY = { medianMs: 12 * 60_000, sigma: 1.0, minMs: 120_000, maxMs: 6 * 3_600_000 } as const;

export interface InterestCommunity {
  /** `i<n>`, numbered from 1. */
  id: string;
  /** Account indices, in account order. */
  members: number[];
  lexicon: LanguageLexicon;
  /** Outside account indices of the niche feeds the community follows (never the popular ones). */
  sources: number[];
  /** The niche's own hashtags. */
  hashtags: string[];
  /** The niche site's domain. */
  domain: string;
  events: number;
  /** Tweets its members write sharing the sources. */
  tweets: number;
}

/** One post of a niche source that `participants` members share after their own delays. */
export interface InterestEvent {
  community: number;
  timeMs: number;
  kind: InterestShareKind;
  participants: number;
}

export interface InterestPlan {
  communities: InterestCommunity[];
  /** Sorted by time (then community). */
  events: InterestEvent[];
  tweets: number;
}

/** What must not be reused: hashtags and domains of campaigns, popular organic tags. */
export interface InterestAvoid {
  hashtags: Set<string>;
  domains: Set<string>;
}

/** A member's delay after its source's post, in ms (see {@link INTEREST_DELAY}). */
export function interestDelayMs(rng: Rng): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.min(INTEREST_DELAY.maxMs, Math.max(INTEREST_DELAY.minMs, Math.round(INTEREST_DELAY.medianMs * Math.exp(INTEREST_DELAY.sigma * normal))));
}

/**
 * Plans `count` interest communities over the ordinary accounts (hashed, in no campaign, neither
 * superspreaders nor heavy posters), marks their members in `accounts[i].interestCommunity`, and
 * schedules their sources' posts over the archive. Members are drawn among accounts of the
 * community's language first.
 */
export function planInterestCommunities(
  rng: Rng,
  accounts: ArchiveAccount[],
  outsideAccountCount: number,
  count: number,
  tweets: number,
  span: { startMs: number; endMs: number },
  avoid: InterestAvoid,
): InterestPlan {
  if (count === 0) return { communities: [], events: [], tweets: 0 };
  const english = LANGUAGES.find((entry) => entry.lexicon.code === "en")!.lexicon;
  const russian = LANGUAGES.find((entry) => entry.lexicon.code === "ru")!.lexicon;
  const usedTags = new Set(avoid.hashtags);
  for (const { lexicon } of LANGUAGES) for (const tag of lexicon.hashtags) usedTags.add(tag.toLowerCase());
  for (const tags of Object.values(TREND_HASHTAGS)) for (const tag of tags) usedTags.add(tag.toLowerCase());
  const usedDomains = new Set(avoid.domains);

  const ordinary = accounts.map((_, index) => index).filter((index) => {
    const account = accounts[index];
    return account.hashed && account.campaign === -1 && !account.superspreader && account.heavyPosterZone === -1 && account.interestCommunity === -1;
  });
  for (let i = ordinary.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [ordinary[i], ordinary[j]] = [ordinary[j], ordinary[i]];
  }
  const sizeCap = Math.max(2, Math.floor(Math.min(ordinary.length, accounts.length * MAX_INTEREST_ACCOUNT_SHARE) / count));
  // Niche feeds: the less popular outside accounts (campaigns amplify the 500 most popular).
  const nicheFrom = Math.min(500, Math.floor(outsideAccountCount / 2));

  const communities: InterestCommunity[] = [];
  for (let c = 0; c < count; c++) {
    const lexicon = rng() < 0.5 ? english : russian;
    const size = Math.min(sizeCap, INTEREST_COMMUNITY_SIZE.min + Math.floor(rng() * (INTEREST_COMMUNITY_SIZE.max - INTEREST_COMMUNITY_SIZE.min + 1)));
    const members: number[] = [];
    // Same-language accounts first, then any: a community reads its niche in one language.
    for (const sameLanguage of [true, false]) {
      for (const index of ordinary) {
        if (members.length >= size) break;
        if (accounts[index].interestCommunity !== -1 || (sameLanguage && accounts[index].language !== lexicon)) continue;
        accounts[index].interestCommunity = c;
        members.push(index);
      }
    }
    let domain = campaignDomain(rng);
    while (usedDomains.has(domain)) domain = `${domain.split(".")[0]}${c}.${domain.split(".").slice(1).join(".")}`;
    usedDomains.add(domain);
    communities.push({
      id: `i${c + 1}`,
      members: members.sort((a, b) => a - b),
      lexicon,
      sources: Array.from({ length: 2 + Math.floor(rng() * 3) }, () => nicheFrom + Math.floor(rng() * (outsideAccountCount - nicheFrom))),
      hashtags: Array.from({ length: 2 + Math.floor(rng() * 3) }, () => rareHashtag(rng, lexicon, usedTags)),
      domain,
      events: 0,
      tweets: 0,
    });
  }

  const events: InterestEvent[] = [];
  const budget = (INTEREST_TWEET_SHARE * tweets) / count;
  communities.forEach((community, c) => {
    const size = community.members.length;
    if (size < 2) return;
    const meanParticipants = Math.max(2, size * ((PARTICIPATION.min + PARTICIPATION.max) / 2));
    const eventCount = Math.min(MAX_INTEREST_EVENTS, Math.max(MIN_INTEREST_EVENTS, Math.round(budget / meanParticipants)));
    // Sources post all through the archive, leaving room for the slowest member before its end.
    const last = span.endMs - INTEREST_DELAY.maxMs - 60_000;
    for (let e = 0; e < eventCount; e++) {
      const share = PARTICIPATION.min + (PARTICIPATION.max - PARTICIPATION.min) * rng();
      const participants = Math.min(size, Math.max(2, Math.round(size * share)));
      const roll = rng();
      const kind: InterestShareKind = roll < 0.5 ? "retweet" : roll < 0.75 ? "hashtag" : "link";
      events.push({ community: c, timeMs: span.startMs + Math.floor(rng() * (last - span.startMs)), kind, participants });
      community.events++;
      community.tweets += participants;
    }
  });
  events.sort((a, b) => a.timeMs - b.timeMs || a.community - b.community);
  return { communities, events, tweets: communities.reduce((sum, community) => sum + community.tweets, 0) };
}
