/**
 * `generateArchive`: writes a synthetic information-operations archive in the October 2018 release
 * format (tweets and users files) with planted coordinated campaigns, and `truth.json` naming them.
 *
 * Tweets are produced in time order by merging two streams: organic tweets (an `OrganicClock` gives
 * their times, an alias table their authors by activity) and planted tweets (campaign events expanded
 * into a small heap just before their time). Time order makes snowflake ids unique and consistent
 * with `tweet_time`, and lets retweets, replies and quotes point at earlier tweets kept in bounded
 * rings of recent tweets. Nothing grows with `--tweets`: rows stream to disk in chunks.
 *
 * As in the IRA release, most retweets point outside the archive (accounts and tweets absent from
 * both files). Organic accounts look alike by chance as real ones do: recent popular tweets are
 * retweeted by many accounts over hours, popular hashtags and news links recur, and organic events
 * (`organic.ts`: viral bursts, trending hashtags, breaking news with copied headlines, copy-pasted
 * slogans, superspreaders that share everything popular within seconds) expand, like campaign
 * events, into the same heap of pending tweets. With `--mix hard`, organic heavy posters write a
 * third stream (one clock per time zone, `heavy.ts`) and interest communities' shares of their niche
 * sources (`interest.ts`) expand into the heap as events do.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { seededRng, type Rng } from "../util/rng.ts";
import { AliasSampler, generateArchiveAccounts, weightedPick, generateOutsideAccounts, type ArchiveAccount, type OutsideAccount } from "./accounts.ts";
import { planCampaigns, recordObject, type Campaign, type CampaignEvent, type CoShareKind } from "./campaigns.ts";
import { COPY_PASTE_TEXTS, LANGUAGES, OUTLET_PARTS_A, OUTLET_PARTS_B, TREND_HASHTAGS, type LanguageLexicon } from "./lexicon.ts";
import {
  OrganicEventSchedule, ParticipantSampler, SUPERSPREADER_JOINS, chooseSuperspreaders, participantDelayMs, superspreaderDelayMs,
  type OrganicEvent, type OrganicEventKind,
} from "./organic.ts";
import { HEAVY_POSTER_TWEET_SHARE, HEAVY_POSTER_ZONES, HeavyPosterStreams, chooseHeavyPosters } from "./heavy.ts";
import { interestDelayMs, planInterestCommunities, type InterestCommunity, type InterestEvent, type InterestShareKind } from "./interest.ts";
import { resolveSynthOptions, type CampaignStrength, type CampaignType, type ResolvedSynthOptions, type SynthMix, type SynthOptions } from "./options.ts";
import { campaignUrl, composeBody, composeHeadline, composeSentence, nearCopy, newsUrl, pick, skewedIndex, tcoLink, truncateTweet } from "./text.ts";
import { ArchiveIdSequence, MinuteFormatter, OrganicClock, OutsideIdSequence, VolumeProfile, formatMinute } from "./timeline.ts";
import { ChunkedFileWriter, TWEET_COLUMNS_2018, USER_COLUMNS_2018, formatList, headerRow, quoteField } from "./writer.ts";

/** One planted campaign as `truth.json` describes it. */
export interface SynthTruthCampaign {
  /** `c<n>-<type>`, numbered from 1. */
  id: string;
  type: CampaignType;
  /** Member account ids (as in the users file), sorted. */
  accounts: string[];
  /**
   * What the members share, in first-use order: retweeted tweet ids (co-retweet), hashtags without
   * '#' (co-hashtag), urls as in the urls column (co-url), the original texts that members post
   * near-identical copies of (co-text), or the `YYYY-MM-DD HH:MM` minutes they post in (sync).
   */
  objects: string[];
  /**
   * Detection window under which the campaign is planted: 60 (co-share, sync bins), 3600 (co-text),
   * 180 for weak co-share campaigns (their members act up to 180 s apart), 120 for medium ones.
   */
  windowSeconds: number;
  /** Coordinated actions (one per object use, or per minute bin for sync). */
  events: number;
  /** Rows of the tweets file written by these actions (members also post organic tweets). */
  plantedTweets: number;
  /**
   * `strong`: many events, members seconds apart; `medium` (`--mix hard`): each member in 15-30
   * events per behaviour, members 20-120 s apart; `weak`: 5-8 events, members 30-180 s apart.
   */
  strength: CampaignStrength;
  /**
   * The analyses meant to find it: one for a single-type campaign; for a mixed one co-retweet,
   * co-hashtag and co-url (and co-text and sync with `--mix hard`).
   */
  analyses: string[];
  /** Mixed campaigns only: `objects` split by the analysis that sees them. */
  objectsByAnalysis?: Record<string, string[]>;
}

/** One organic interest community as `truth.json` describes it (see `interest.ts`). */
export interface SynthTruthInterestCommunity {
  /** `i<n>`, numbered from 1. */
  id: string;
  /** Member account ids (as in the users file), sorted. */
  accounts: string[];
  /** Ids of the niche feeds (outside accounts) whose tweets members retweet. */
  sources: string[];
  /** The niche's hashtags, without '#'. */
  hashtags: string[];
  /** The niche site's domain. */
  domain: string;
  /** Posts of the sources that members shared. */
  events: number;
  /** Rows of the tweets file written sharing them. */
  tweets: number;
}

/** Heavy posters of one time zone, as `truth.json` lists them. */
export interface SynthTruthHeavyPosterZone {
  /** `UTC+3` and so on. */
  zone: string;
  utcOffsetHours: number;
  /** Sorted. */
  accounts: string[];
}

/** Contents of `truth.json`. */
export interface SynthTruth {
  seed: number;
  tweets: number;
  accounts: number;
  /** `default` or `hard` (see `SYNTH_MIXES`); absent in truth files written before mixes existed. */
  mix?: SynthMix;
  /** Planted campaigns; empty for an organic-only archive (`--campaigns 0`): every account is organic. */
  campaigns: SynthTruthCampaign[];
  /**
   * Organic accounts that retweet and share everything popular within seconds: no campaign, and a
   * detector that flags them flags activity, not coordination. Sorted.
   */
  superspreaders: string[];
  /**
   * Organic heavy posters (`--mix hard`): a few accounts writing a large share of all tweets on their
   * time zone's daily clock. Organic: a detector that flags them flags a shared clock. Sorted.
   */
  heavyPosters?: string[];
  /** The same heavy posters by time zone. */
  heavyPosterZones?: SynthTruthHeavyPosterZone[];
  /** Organic interest communities (`--mix hard`): members share niche sources minutes to hours apart. */
  interestCommunities?: SynthTruthInterestCommunity[];
}

/** The organic events of an archive, as `generateArchive` reports them. */
export interface SynthOrganicSummary {
  superspreaders: number;
  viralBursts: number;
  trendingHashtags: number;
  breakingNews: number;
  copyPasteEvents: number;
  /** Tweets written by these events (all organic). */
  eventTweets: number;
  /** Organic tweets whose text is a copy-paste text (events and single posts). */
  copyPasteTweets: number;
  heavyPosters: number;
  /** Tweets written by heavy posters on their zones' clocks (besides events they join). */
  heavyPosterTweets: number;
  interestCommunities: number;
  /** Tweets written by interest-community members sharing their niche sources. */
  interestTweets: number;
}

/** What `generateArchive` did. */
export interface SynthSummary {
  seed: number;
  tweets: number;
  accounts: number;
  mix: SynthMix;
  campaigns: number;
  /** Tweets written by campaign actions (the rest are organic, including campaign members' own). */
  plantedTweets: number;
  retweets: number;
  /** Retweets whose original is outside the archive. */
  retweetsOutside: number;
  replies: number;
  quotes: number;
  organic: SynthOrganicSummary;
  files: { tweets: string; users: string; truth: string };
  bytes: { tweets: number; users: number };
  elapsedMs: number;
  tweetsPerSecond: number;
}

/** A tweet others can retweet, reply to or quote: kept in rings of recent tweets. */
interface SourceTweet {
  id: string;
  accountId: string;
  screenName: string;
  text: string;
  language: string;
  hashtags: readonly string[];
  urls: readonly string[];
  mentions: readonly string[];
  /** Archive account index, or -1 for tweets outside the archive. */
  account: number;
}

/** A fixed-size ring of recent items; draws favour the newest, so popularity fades over hours. */
class RecentRing<T> {
  private readonly items: T[] = [];
  private head = 0;
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
  }

  pickRecent(rng: Rng): T {
    const back = skewedIndex(rng, this.items.length, 3);
    return this.items[(this.head - 1 - back + 2 * this.capacity) % this.capacity % this.items.length];
  }
}

interface PlantedAction {
  campaign: Campaign;
  /** What this event shares (a mixed campaign's turn). */
  kind: CoShareKind;
  target?: SourceTweet;
  hashtags?: string[];
  url?: string;
  text?: string;
}

/** What the participants of an organic event post. */
interface OrganicAction {
  kind: OrganicEventKind;
  lexicon: LanguageLexicon;
  /** viral-retweet: the tweet everyone retweets. */
  target?: SourceTweet;
  /** trending-hashtag: the tag. */
  hashtag?: string;
  /** breaking-news: the article link and the text its share button writes. */
  url?: string;
  headline?: string;
  /** copy-paste: the text. */
  text?: string;
}

/** What interest-community members share after one post of their niche source. */
interface InterestAction {
  community: InterestCommunity;
  kind: InterestShareKind;
  /** retweet: the source's tweet. */
  target?: SourceTweet;
  /** hashtag: the niche's tag. */
  hashtag?: string;
  /** link: the niche site's new article. */
  url?: string;
}

interface PendingTweet {
  timeMs: number;
  order: number;
  account: number;
  planted?: PlantedAction;
  organic?: OrganicAction;
  interest?: InterestAction;
  /** Superspreaders copy the share-button text of news and never edit a slogan. */
  superspreader?: boolean;
}

/** Min-heap of planted tweets by (time, insertion order): a deterministic merge with organic time. */
class PendingHeap {
  private readonly items: PendingTweet[] = [];
  get size(): number {
    return this.items.length;
  }
  peekTime(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.items[0].timeMs;
  }
  push(item: PendingTweet): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }
  pop(): PendingTweet {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l], items[m])) m = l;
        if (r < items.length && before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: PendingTweet, b: PendingTweet): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.order < b.order);
}

/** Empty lists are `[]` in later tweets and "" in earlier ones: both occur in one 2018 file. */
const EMPTY_LIST_AS_BRACKETS_FROM_MS = Date.UTC(2016, 0, 1);
const HOUR_MS = 3_600_000;
const PROGRESS_EVERY = 1 << 14;

/** Independent random streams per concern, so e.g. accounts do not change when `--tweets` does. */
function streamSeed(seed: number, label: string): number {
  return createHash("sha256").update(`coordgraph-synth/${seed}/${label}`).digest().readUInt32BE(0);
}

/** Builds rows of the tweets file; holds the rings and counters of one generation. */
class TweetComposer {
  private readonly outsideTweets = new RecentRing<SourceTweet>(2048);
  private readonly archiveTweets = new RecentRing<SourceTweet>(2048);
  private readonly newsLinks = new RecentRing<string>(256);
  private readonly archiveIds: ArchiveIdSequence;
  private readonly outsideIds = new OutsideIdSequence();
  private readonly minutes = new MinuteFormatter();
  private readonly authors: AliasSampler;
  private readonly participants: ParticipantSampler;
  private order = 0;
  retweets = 0;
  retweetsOutside = 0;
  replies = 0;
  quotes = 0;
  copyPasteTweets = 0;

  constructor(
    private readonly rng: Rng,
    private readonly accounts: readonly ArchiveAccount[],
    private readonly outside: readonly OutsideAccount[],
    private readonly campaigns: readonly Campaign[],
    private readonly superspreaders: readonly number[],
    /** No tweet at or after this time (exclusive end of the archive). */
    private readonly endMs: number,
    private readonly interestCommunities: readonly InterestCommunity[] = [],
  ) {
    this.archiveIds = new ArchiveIdSequence(rng);
    // Heavy posters write on their own zone's clock (HeavyPosterStreams), not on the archive's.
    this.authors = new AliasSampler(accounts.map((account) => (account.heavyPosterZone === -1 ? account.activity : 0)));
    this.participants = new ParticipantSampler(accounts);
  }

  /** One organic tweet at `timeMs` by `author` (an account index), or by an account drawn by activity. */
  organic(timeMs: number, author?: number): string {
    const rng = this.rng;
    const index = author ?? this.authors.sample(rng);
    const account = this.accounts[index];
    const lexicon = rng() < 0.9 ? account.language : account.secondLanguage;
    const client = rng() < 0.8 ? account.primaryClient : account.secondaryClient;
    const roll = rng();
    if (roll < account.retweetShare) {
      let source: SourceTweet;
      if (account.superspreader && rng() < 0.7) {
        // A superspreader retweets a popular feed's tweet seconds after it appears.
        source = this.newOutsideTweet(timeMs, lexicon, skewedIndex(rng, Math.min(this.outside.length, 200), 2), timeMs - superspreaderDelayMs(rng));
      } else if (this.archiveTweets.size > 0 && rng() < 0.12) {
        source = this.archiveTweets.pickRecent(rng);
        if (source.account === index) source = this.newOutsideTweet(timeMs, lexicon);
      } else if (this.outsideTweets.size === 0 || rng() < 0.4) source = this.newOutsideTweet(timeMs, lexicon);
      else source = this.outsideTweets.pickRecent(rng);
      return this.retweet(index, timeMs, source, client);
    }
    if (roll < account.retweetShare + 0.07) return this.reply(index, timeMs, lexicon, client);
    if (roll < account.retweetShare + 0.1) return this.quote(index, timeMs, lexicon, client);
    const copies = COPY_PASTE_TEXTS[lexicon.code];
    if (copies !== undefined && rng() < 0.005) {
      // A greeting or a song line posted on its own: the same text as strangers, at another time.
      this.copyPasteTweets++;
      return this.originalWithText(index, timeMs, lexicon.code, client, pick(rng, copies), [], [], []);
    }
    return this.original(index, timeMs, lexicon, client, undefined, undefined, true);
  }

  /** Expands a campaign event into pending planted tweets (one per participating member). */
  expand(event: CampaignEvent, heap: PendingHeap): void {
    const rng = this.rng;
    const campaign = this.campaigns[event.campaign];
    const action: PlantedAction = { campaign, kind: event.kind };
    switch (event.kind) {
      case "co-retweet": {
        let target: SourceTweet | undefined;
        if (this.archiveTweets.size > 0 && rng() < 0.25) {
          target = this.archiveTweets.pickRecent(rng);
          if (target.account >= 0 && this.accounts[target.account].campaign === event.campaign) target = undefined;
        }
        action.target = target ?? this.newOutsideTweet(event.timeMs, campaign.lexicon, pick(rng, campaign.sources));
        recordObject(campaign, action.target.id, "co-retweet");
        break;
      }
      case "co-hashtag": {
        const first = pick(rng, campaign.hashtags);
        const second = pick(rng, campaign.hashtags);
        action.hashtags = rng() < 0.3 && second !== first ? [first, second] : [first];
        for (const tag of action.hashtags) recordObject(campaign, tag, "co-hashtag");
        break;
      }
      case "co-url": {
        // Campaign links are pushed again in later events, as sites are promoted for a while.
        const used = campaign.objectsByAnalysis.get("co-url") ?? [];
        action.url = used.length === 0 || rng() < 0.35 ? campaignUrl(rng, campaign.domain, event.timeMs) : pick(rng, used);
        recordObject(campaign, action.url, "co-url");
        break;
      }
      case "co-text":
        action.text = pick(rng, campaign.texts);
        recordObject(campaign, action.text, "co-text");
        break;
      case "sync":
        recordObject(campaign, formatMinute(event.timeMs), "sync");
        break;
    }
    const spread = event.spreadMs;
    // Weak and medium events span their whole spread: first and last members 30-180 s (weak) or 20-120 s (medium) apart.
    const loose = campaign.strength === "weak" || (campaign.strength === "medium" && event.kind !== "sync");
    const lead = loose || event.kind === "co-text" || event.kind === "sync" ? 0 : Math.floor(rng() * 5000);
    // A random subset of the members takes part (a partial Fisher-Yates shuffle of a copy); medium
    // events name theirs when planned (each member in 15-30 events) and only their order is drawn.
    const pool = (event.members ?? campaign.members).slice();
    for (let p = 0; p < event.participants; p++) {
      const j = p + Math.floor(rng() * (pool.length - p));
      [pool[p], pool[j]] = [pool[j], pool[p]];
      const offset = loose ? (p === 0 ? 0 : p === 1 ? spread : Math.floor(rng() * spread)) : lead + Math.floor(rng() * (spread - lead));
      heap.push({ timeMs: event.timeMs + offset, order: this.order++, account: pool[p], planted: action });
    }
  }

  /**
   * Expands an organic event into pending tweets: superspreaders first (within seconds), then
   * ordinary participants drawn by activity, each after a log-normal delay.
   */
  expandOrganic(event: OrganicEvent, heap: PendingHeap): void {
    const rng = this.rng;
    // An event's language is drawn as the archive's accounts' languages are.
    const lexicon = weightedPick(rng, LANGUAGES).lexicon;
    const action: OrganicAction = { kind: event.kind, lexicon };
    switch (event.kind) {
      case "viral-retweet":
        // A popular feed's tweet, posted as the event starts; later organic retweets can find it too.
        action.target = this.newOutsideTweet(event.timeMs, lexicon, skewedIndex(rng, Math.min(this.outside.length, 100), 2), event.timeMs);
        break;
      case "trending-hashtag": {
        const events = TREND_HASHTAGS[lexicon.code];
        action.hashtag = events !== undefined && rng() < 0.6 ? pick(rng, events) : lexicon.hashtags[skewedIndex(rng, lexicon.hashtags.length, 2)];
        break;
      }
      case "breaking-news": {
        action.url = newsUrl(rng, event.timeMs);
        this.newsLinks.push(action.url);
        const outlet = `${pick(rng, OUTLET_PARTS_A)} ${pick(rng, OUTLET_PARTS_B)}`;
        action.headline = `${composeHeadline(rng, lexicon)}${rng() < 0.5 ? ` - ${outlet}` : ""}`;
        break;
      }
      case "copy-paste": {
        const code = rng() < 0.5 ? "en" : "ru";
        action.lexicon = LANGUAGES.find((entry) => entry.lexicon.code === code)!.lexicon;
        action.text = pick(rng, COPY_PASTE_TEXTS[code]!);
        break;
      }
    }
    let joined = 0;
    const last = this.endMs - 1;
    const joinChance = SUPERSPREADER_JOINS[event.kind];
    for (const index of this.superspreaders) {
      if (joined >= event.size || rng() >= joinChance) continue;
      joined++;
      heap.push({ timeMs: Math.min(last, event.timeMs + superspreaderDelayMs(rng)), order: this.order++, account: index, organic: action, superspreader: true });
    }
    const others = this.participants.sample(rng, event.size - joined);
    for (const index of others) {
      heap.push({ timeMs: Math.min(last, event.timeMs + participantDelayMs(rng, event.kind)), order: this.order++, account: index, organic: action });
    }
    // Small archives may have fewer eligible accounts than planned: the rest of the event's tweets
    // go to already drawn participants posting again, so the tweet count stays exact.
    for (let extra = joined + others.length; extra < event.size; extra++) {
      const index = others.length > 0 ? pick(rng, others) : pick(rng, this.superspreaders);
      heap.push({ timeMs: Math.min(last, event.timeMs + participantDelayMs(rng, event.kind)), order: this.order++, account: index, organic: action });
    }
  }

  /**
   * Expands one post of an interest community's niche source into pending tweets: `participants`
   * members share it, each after a delay of minutes to hours (never seconds).
   */
  expandInterest(event: InterestEvent, heap: PendingHeap): void {
    const rng = this.rng;
    const community = this.interestCommunities[event.community];
    const action: InterestAction = { community, kind: event.kind };
    switch (event.kind) {
      case "retweet":
        action.target = this.newOutsideTweet(event.timeMs, community.lexicon, pick(rng, community.sources), event.timeMs);
        break;
      case "hashtag":
        action.hashtag = pick(rng, community.hashtags);
        break;
      case "link":
        action.url = campaignUrl(rng, community.domain, event.timeMs);
        break;
    }
    const members = community.members.slice();
    const last = this.endMs - 1;
    for (let p = 0; p < event.participants; p++) {
      const j = p + Math.floor(rng() * (members.length - p));
      [members[p], members[j]] = [members[j], members[p]];
      heap.push({ timeMs: Math.min(last, event.timeMs + interestDelayMs(rng)), order: this.order++, account: members[p], interest: action });
    }
  }

  /** The row of a pending tweet: planted by a campaign, part of an organic event or an interest community's share. */
  pending(pending: PendingTweet): string {
    if (pending.planted !== undefined) return this.planted(pending, pending.planted);
    if (pending.interest !== undefined) return this.interestTweet(pending, pending.interest);
    return this.organicEventTweet(pending, pending.organic!);
  }

  /** The row of an interest-community member sharing what its niche source posted, in its own words. */
  private interestTweet(pending: PendingTweet, action: InterestAction): string {
    const { account: index, timeMs } = pending;
    const account = this.accounts[index];
    const client = this.rng() < 0.8 ? account.primaryClient : account.secondaryClient;
    switch (action.kind) {
      case "retweet":
        return this.retweet(index, timeMs, action.target!, client);
      case "hashtag":
        return this.original(index, timeMs, action.community.lexicon, client, [action.hashtag!], undefined, false);
      case "link":
        return this.original(index, timeMs, action.community.lexicon, client, [], action.url, false);
    }
  }

  /** The row of a planted tweet, by what its event shares. */
  private planted(pending: PendingTweet, action: PlantedAction): string {
    const { account: index, timeMs } = pending;
    const { campaign } = action;
    const account = this.accounts[index];
    switch (action.kind) {
      case "co-retweet":
        return this.retweet(index, timeMs, action.target!, account.primaryClient);
      case "co-hashtag": {
        const hashtags = this.rng() < 0.3 ? [...action.hashtags!, pick(this.rng, campaign.lexicon.hashtags)] : action.hashtags!;
        return this.original(index, timeMs, campaign.lexicon, account.primaryClient, hashtags, undefined, false);
      }
      case "co-url":
        return this.original(index, timeMs, campaign.lexicon, account.primaryClient, [], action.url, false);
      case "co-text": {
        const text = this.rng() < 0.25 ? action.text! : nearCopy(this.rng, action.text!, campaign.lexicon);
        return this.originalWithText(index, timeMs, campaign.lexicon.code, account.primaryClient, text, [], [], []);
      }
      case "sync":
        return this.original(index, timeMs, campaign.lexicon, campaign.client, undefined, undefined, false);
    }
  }

  /** The row of one participant's tweet in an organic event. */
  private organicEventTweet(pending: PendingTweet, action: OrganicAction): string {
    const rng = this.rng;
    const { account: index, timeMs } = pending;
    const account = this.accounts[index];
    const client = rng() < 0.8 ? account.primaryClient : account.secondaryClient;
    switch (action.kind) {
      case "viral-retweet":
        return this.retweet(index, timeMs, action.target!, client);
      case "trending-hashtag":
        return this.original(index, timeMs, account.language, client, [action.hashtag!], undefined, false);
      case "breaking-news":
        if (pending.superspreader || rng() < 0.45) {
          // The share button's text: the headline and the link, the same from everyone but the t.co token.
          this.copyPasteTweets++;
          return this.originalWithText(index, timeMs, action.lexicon.code, client, `${action.headline!} ${tcoLink(rng)}`, [], [action.url!], []);
        }
        return this.original(index, timeMs, account.language, client, [], action.url, false);
      case "copy-paste": {
        this.copyPasteTweets++;
        const text = rng() < 0.7 ? action.text! : nearCopy(rng, action.text!, action.lexicon);
        return this.originalWithText(index, timeMs, action.lexicon.code, client, text, [], [], []);
      }
    }
  }

  /**
   * A tweet outside the archive, by a (popular-skewed) outside account, posted at `createdMs`
   * (default: minutes to hours before `timeMs`).
   */
  private newOutsideTweet(timeMs: number, lexicon: LanguageLexicon, authorIndex?: number, createdMs?: number): SourceTweet {
    const rng = this.rng;
    const author = this.outside[authorIndex ?? skewedIndex(rng, this.outside.length, 3)];
    createdMs ??= timeMs - 60_000 - Math.floor(rng() ** 2 * 6 * HOUR_MS);
    const hashtags = rng() < 0.3 ? this.popularHashtags(lexicon) : [];
    const urls = rng() < 0.35 ? [this.newsLink(createdMs)] : [];
    let text = composeBody(rng, lexicon);
    if (hashtags.length > 0) text += ` #${hashtags.join(" #")}`;
    if (urls.length > 0) text += ` ${tcoLink(rng)}`;
    const source: SourceTweet = {
      id: this.outsideIds.next(createdMs),
      accountId: author.id,
      screenName: author.screenName,
      text,
      language: lexicon.code,
      hashtags,
      urls,
      mentions: [],
      account: -1,
    };
    this.outsideTweets.push(source);
    return source;
  }

  private popularHashtags(lexicon: LanguageLexicon): string[] {
    const rng = this.rng;
    const count = 1 + Math.floor(rng() ** 2 * 3);
    const tags: string[] = [];
    for (let t = 0; t < count; t++) {
      const tag = lexicon.hashtags[skewedIndex(rng, lexicon.hashtags.length, 2)];
      if (!tags.includes(tag)) tags.push(tag);
    }
    return tags;
  }

  /** A news link: usually one already circulating (shared news by chance), sometimes a new one. */
  private newsLink(timeMs: number): string {
    if (this.newsLinks.size === 0 || this.rng() < 0.4) {
      const url = newsUrl(this.rng, timeMs);
      this.newsLinks.push(url);
      return url;
    }
    return this.newsLinks.pickRecent(this.rng);
  }

  /** A target for a reply or quote: a recent archive tweet or a tweet outside. */
  private conversationTarget(timeMs: number, lexicon: LanguageLexicon): SourceTweet {
    if (this.archiveTweets.size > 0 && this.rng() < 0.4) return this.archiveTweets.pickRecent(this.rng);
    if (this.outsideTweets.size > 0 && this.rng() < 0.7) return this.outsideTweets.pickRecent(this.rng);
    return this.newOutsideTweet(timeMs, lexicon);
  }

  private mentionTarget(): { id: string; screenName: string } {
    const rng = this.rng;
    if (rng() < 0.3) {
      const account = this.accounts[Math.floor(rng() * this.accounts.length)];
      return { id: account.id, screenName: account.screenName };
    }
    return this.outside[skewedIndex(rng, this.outside.length, 3)];
  }

  /**
   * An original tweet: composed text with optional mention, hashtags and link. `hashtags`/`url`
   * force what a campaign shares; `organicExtras` allows url-only tweets and mentions.
   */
  private original(
    index: number,
    timeMs: number,
    lexicon: LanguageLexicon,
    client: string,
    hashtags: string[] | undefined,
    url: string | undefined,
    organicExtras: boolean,
  ): string {
    const rng = this.rng;
    let language = lexicon.code;
    let text: string;
    const mentions: string[] = [];
    if (organicExtras && rng() < 0.02) {
      text = "";
      language = "und";
      url ??= this.newsLink(timeMs);
    } else {
      text = composeBody(rng, lexicon);
      if (organicExtras && rng() < 0.08) {
        const mentioned = this.mentionTarget();
        mentions.push(mentioned.id);
        text = rng() < 0.4 ? `@${mentioned.screenName} ${text}` : `${text} @${mentioned.screenName}`;
      }
    }
    const tags = hashtags ?? (rng() < 0.25 ? this.popularHashtags(lexicon) : []);
    if (tags.length > 0) text += ` #${tags.join(" #")}`;
    if (url === undefined && organicExtras && rng() < 0.3) url = this.newsLink(timeMs);
    let urls: string[] = [];
    if (url !== undefined) {
      const short = tcoLink(rng);
      text += text === "" ? short : ` ${short}`;
      // The release leaves some links unexpanded: the urls column then holds the t.co link itself.
      urls = [organicExtras && rng() < 0.05 ? short : url];
    }
    return this.originalWithText(index, timeMs, language, client, text, tags, urls, mentions);
  }

  private originalWithText(
    index: number,
    timeMs: number,
    language: string,
    client: string,
    text: string,
    hashtags: readonly string[],
    urls: readonly string[],
    mentions: readonly string[],
  ): string {
    const rng = this.rng;
    const account = this.accounts[index];
    const id = this.archiveIds.next(timeMs);
    this.archiveTweets.push({ id, accountId: account.id, screenName: account.screenName, text, language, hashtags, urls, mentions, account: index });
    // Engagement: mostly zero, heavy-tailed, larger for accounts with many followers.
    const likes = Math.floor(rng() ** 5 * (account.hashed ? 60 : 3000));
    const retweetCount = Math.floor(likes * 0.6 * rng());
    const replyCount = Math.floor(likes * 0.1 * rng());
    const quoteCount = Math.floor(likes * 0.03 * rng());
    const poll = rng() < 0.0005 ? (language === "ru" ? "Да|Нет|Не знаю" : "Yes|No") : "";
    return this.row(account, id, language, text, timeMs, client, "", "", "", false, "", "", quoteCount, replyCount, likes, retweetCount, hashtags, urls, mentions, poll);
  }

  private retweet(index: number, timeMs: number, source: SourceTweet, client: string): string {
    this.retweets++;
    if (source.account === -1) this.retweetsOutside++;
    const account = this.accounts[index];
    const text = truncateTweet(`RT @${source.screenName}: ${source.text}`);
    const mentions = source.mentions.length === 0 ? [source.accountId] : [source.accountId, ...source.mentions.filter((m) => m !== source.accountId)];
    const id = this.archiveIds.next(timeMs);
    return this.row(account, id, source.language, text, timeMs, client, "", "", "", true, source.accountId, source.id, 0, 0, 0, 0, source.hashtags, source.urls, mentions, "");
  }

  private reply(index: number, timeMs: number, lexicon: LanguageLexicon, client: string): string {
    this.replies++;
    const rng = this.rng;
    const account = this.accounts[index];
    const target = this.conversationTarget(timeMs, lexicon);
    const text = `@${target.screenName} ${composeSentence(rng, lexicon)}`;
    const id = this.archiveIds.next(timeMs);
    const likes = Math.floor(rng() ** 6 * 20);
    return this.row(account, id, lexicon.code, text, timeMs, client, target.id, target.accountId, "", false, "", "", 0, 0, likes, 0, [], [], [target.accountId], "");
  }

  private quote(index: number, timeMs: number, lexicon: LanguageLexicon, client: string): string {
    this.quotes++;
    const rng = this.rng;
    const account = this.accounts[index];
    const target = this.conversationTarget(timeMs, lexicon);
    const text = `${composeSentence(rng, lexicon)} ${tcoLink(rng)}`;
    const urls = [`https://twitter.com/${target.screenName}/status/${target.id}`];
    const id = this.archiveIds.next(timeMs);
    const likes = Math.floor(rng() ** 5 * 40);
    return this.row(account, id, lexicon.code, text, timeMs, client, "", "", target.id, false, "", "", 0, 0, likes, Math.floor(likes * 0.3), [], urls, [], "");
  }

  private row(
    account: ArchiveAccount,
    id: string,
    language: string,
    text: string,
    timeMs: number,
    client: string,
    replyToId: string,
    replyToUserId: string,
    quotedId: string,
    isRetweet: boolean,
    retweetUserId: string,
    retweetId: string,
    quoteCount: number,
    replyCount: number,
    likeCount: number,
    retweetCount: number,
    hashtags: readonly string[],
    urls: readonly string[],
    mentions: readonly string[],
    poll: string,
  ): string {
    const empty = timeMs >= EMPTY_LIST_AS_BRACKETS_FROM_MS ? "[]" : "";
    return (
      `"${id}",${account.csv},"${language}",${quoteField(text)},"${this.minutes.format(timeMs)}",${quoteField(client)},` +
      `"${replyToId}","${replyToUserId}","${quotedId}","${isRetweet ? "true" : "false"}","${retweetUserId}","${retweetId}","","",` +
      `"${quoteCount}","${replyCount}","${likeCount}","${retweetCount}","${formatList(hashtags, empty)}","${formatList(urls, empty)}",` +
      `"${formatList(mentions, empty)}",${quoteField(poll)}\n`
    );
  }
}

async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (cause) {
    throw new UsageError("SYNTH_OUT_DIR", `cannot create ${dir}: ${(cause as Error).message}`, {
      file: dir,
      hint: "choose a writable --out directory",
      cause,
    });
  }
}

/** File paths of an archive written with `prefix` into `outDir`. */
export function synthFilePaths(outDir: string, prefix: string): SynthSummary["files"] {
  return {
    tweets: join(outDir, `${prefix}_tweets_csv_hashed.csv`),
    users: join(outDir, `${prefix}_users_csv_hashed.csv`),
    truth: join(outDir, "truth.json"),
  };
}

/**
 * Writes a synthetic io-archive with planted campaigns into `options.outDir`:
 * `<prefix>_tweets_csv_hashed.csv`, `<prefix>_users_csv_hashed.csv` and `truth.json`.
 * Same seed and options give byte-identical files. Streams rows; memory does not grow with `tweets`.
 *
 * @example
 * const summary = await generateArchive({ tweets: 100_000, accounts: 500, outDir: "out/synth", seed: 7 });
 * // out/synth/synth_tweets_csv_hashed.csv, out/synth/synth_users_csv_hashed.csv, out/synth/truth.json
 */
export async function generateArchive(options: SynthOptions): Promise<SynthSummary> {
  const started = performance.now();
  const resolved: ResolvedSynthOptions = resolveSynthOptions(options);
  const { seed, startMs, endMs } = resolved;
  const accountRng = seededRng(streamSeed(seed, "accounts"));
  const accounts = generateArchiveAccounts(accountRng, resolved.accounts, seed, startMs);
  const outsideCount = Math.min(100_000, Math.max(500, 20 * resolved.accounts));
  const outside = generateOutsideAccounts(accountRng, outsideCount, startMs, new Set(accounts.map((account) => account.id)));
  // Superspreaders first, so campaigns never take them; from their own stream, so accounts stay as they were.
  const superspreaders = chooseSuperspreaders(seededRng(streamSeed(seed, "superspreaders")), accounts);
  // Heavy posters and interest communities (--mix hard) from streams of their own: the default archive stays as it was.
  const heavyPosters = resolved.heavyPosters > 0 ? chooseHeavyPosters(seededRng(streamSeed(seed, "heavy-posters")), accounts, resolved.heavyPosters) : [];
  const plan = planCampaigns(seededRng(streamSeed(seed, "campaigns")), accounts, outside.length, resolved);
  const interest = planInterestCommunities(
    seededRng(streamSeed(seed, "interest-communities")),
    accounts,
    outside.length,
    resolved.interestCommunities,
    resolved.tweets,
    { startMs, endMs },
    {
      hashtags: new Set(plan.campaigns.flatMap((campaign) => campaign.hashtags.map((tag) => tag.toLowerCase()))),
      domains: new Set(plan.campaigns.map((campaign) => campaign.domain).filter((domain) => domain !== "")),
    },
  );

  await ensureDirectory(resolved.outDir);
  const files = synthFilePaths(resolved.outDir, resolved.prefix);

  const users = await ChunkedFileWriter.open(files.users);
  users.push(headerRow(USER_COLUMNS_2018));
  for (const account of accounts) if (users.push(`${account.csv}\n`)) await users.flush();
  const userBytes = await users.close();

  const tweets = await ChunkedFileWriter.open(files.tweets);
  tweets.push(headerRow(TWEET_COLUMNS_2018));
  const composer = new TweetComposer(seededRng(streamSeed(seed, "tweets")), accounts, outside, plan.campaigns, superspreaders, endMs, interest.communities);
  const profile = new VolumeProfile(seededRng(streamSeed(seed, "clock")), startMs, endMs);
  const organicEvents = new OrganicEventSchedule(
    seededRng(streamSeed(seed, "organic-events")),
    seededRng(streamSeed(seed, "organic-event-times")),
    profile,
    resolved.tweets,
    resolved.accounts,
  );
  const clockTotal = resolved.tweets - plan.plantedTweets - organicEvents.tweets - interest.tweets;
  if (clockTotal < 0) {
    throw new UsageError("BAD_OPTION", `${resolved.tweets} tweets are too few for the campaigns and interest communities asked for`, {
      field: "tweets",
      hint: `use at least ${2 * (resolved.tweets - clockTotal)} tweets, or fewer campaigns or interest communities`,
    });
  }
  const heavy = new HeavyPosterStreams(
    seededRng(streamSeed(seed, "heavy-poster-rates")),
    seededRng(streamSeed(seed, "heavy-poster-clock")),
    profile,
    accounts,
    heavyPosters,
    heavyPosters.length > 0 ? Math.round(clockTotal * HEAVY_POSTER_TWEET_SHARE) : 0,
  );
  const organicTotal = clockTotal - heavy.tweets;
  const clock = new OrganicClock(seededRng(streamSeed(seed, "clock-jitter")), profile, organicTotal);
  const heavyAuthorRng = seededRng(streamSeed(seed, "heavy-poster-authors"));
  const heap = new PendingHeap();
  const events = plan.events;
  const interestEvents = interest.events;
  let organicLeft = organicTotal;
  let nextOrganicMs = organicLeft > 0 ? clock.next() : Number.POSITIVE_INFINITY;
  let nextEvent = 0;
  let nextInterest = 0;
  // The next tweet of a clock: an ordinary organic account's or a heavy poster's.
  const nextClockMs = () => Math.min(nextOrganicMs, heavy.peekTime());
  for (let written = 0; written < resolved.tweets; written++) {
    // Expand every event starting before the next tweet: its tweets may come first.
    for (;;) {
      const due = Math.min(nextClockMs(), heap.peekTime());
      const campaignMs = nextEvent < events.length ? events[nextEvent].timeMs : Number.POSITIVE_INFINITY;
      const organicMs = organicEvents.peekTime();
      const interestMs = nextInterest < interestEvents.length ? interestEvents[nextInterest].timeMs : Number.POSITIVE_INFINITY;
      if (campaignMs <= due && campaignMs <= organicMs && campaignMs <= interestMs) composer.expand(events[nextEvent++], heap);
      else if (organicMs <= due && organicMs <= interestMs) composer.expandOrganic(organicEvents.pop(), heap);
      else if (interestMs <= due) composer.expandInterest(interestEvents[nextInterest++], heap);
      else break;
    }
    let row: string;
    if (heap.size > 0 && heap.peekTime() <= nextClockMs()) row = composer.pending(heap.pop());
    else if (heavy.peekTime() < nextOrganicMs) {
      const timeMs = heavy.peekTime();
      row = composer.organic(timeMs, heavy.pop(heavyAuthorRng));
    } else {
      row = composer.organic(nextOrganicMs);
      organicLeft--;
      nextOrganicMs = organicLeft > 0 ? clock.next() : Number.POSITIVE_INFINITY;
    }
    if (tweets.push(row)) await tweets.flush();
    if ((written & (PROGRESS_EVERY - 1)) === 0) resolved.onProgress?.({ tweetsWritten: written, tweetsTotal: resolved.tweets });
  }
  const tweetBytes = await tweets.close();
  resolved.onProgress?.({ tweetsWritten: resolved.tweets, tweetsTotal: resolved.tweets });

  const accountIds = (indices: readonly number[]) => indices.map((index) => accounts[index].id).sort(compareCodePoints);
  const truth: SynthTruth = {
    seed,
    tweets: resolved.tweets,
    accounts: resolved.accounts,
    campaigns: plan.campaigns.map((campaign) => ({
      id: campaign.id,
      type: campaign.type,
      accounts: campaign.members.map((index) => accounts[index].id).sort(compareCodePoints),
      objects: campaign.objects,
      windowSeconds: campaign.windowSeconds,
      events: campaign.events,
      plantedTweets: campaign.plantedTweets,
      strength: campaign.strength,
      analyses: [...campaign.analyses],
      ...(campaign.type === "mixed" ? { objectsByAnalysis: Object.fromEntries(campaign.analyses.map((a) => [a, campaign.objectsByAnalysis.get(a) ?? []])) } : {}),
    })),
    superspreaders: accountIds(superspreaders),
  };
  // The default archive's truth.json stays as it was (the demo's, byte for byte); the hard mix's organic cast is added.
  if (resolved.mix !== "default" || heavyPosters.length > 0 || interest.communities.length > 0) {
    Object.assign(truth, organicCastTruth(resolved.mix, accounts, outside, heavyPosters, interest.communities));
  }
  await writeFile(files.truth, `${JSON.stringify(truth, null, 2)}\n`);

  const elapsedMs = Math.round(performance.now() - started);
  return {
    seed,
    tweets: resolved.tweets,
    accounts: resolved.accounts,
    mix: resolved.mix,
    campaigns: plan.campaigns.length,
    plantedTweets: plan.plantedTweets,
    retweets: composer.retweets,
    retweetsOutside: composer.retweetsOutside,
    replies: composer.replies,
    quotes: composer.quotes,
    organic: {
      superspreaders: superspreaders.length,
      viralBursts: organicEvents.counts["viral-retweet"],
      trendingHashtags: organicEvents.counts["trending-hashtag"],
      breakingNews: organicEvents.counts["breaking-news"],
      copyPasteEvents: organicEvents.counts["copy-paste"],
      eventTweets: organicEvents.tweets,
      copyPasteTweets: composer.copyPasteTweets,
      heavyPosters: heavyPosters.length,
      heavyPosterTweets: heavy.tweets,
      interestCommunities: interest.communities.length,
      interestTweets: interest.tweets,
    },
    files,
    bytes: { tweets: tweetBytes, users: userBytes },
    elapsedMs,
    tweetsPerSecond: Math.round(resolved.tweets / Math.max(0.001, elapsedMs / 1000)),
  };
}

/** truth.json's mix, heavy posters (also by zone) and interest communities. */
function organicCastTruth(
  mix: SynthMix,
  accounts: readonly ArchiveAccount[],
  outside: readonly OutsideAccount[],
  heavyPosters: readonly number[],
  communities: readonly InterestCommunity[],
): Pick<SynthTruth, "mix" | "heavyPosters" | "heavyPosterZones" | "interestCommunities"> {
  const accountIds = (indices: readonly number[]) => indices.map((index) => accounts[index].id).sort(compareCodePoints);
  return {
    mix,
    heavyPosters: accountIds(heavyPosters),
    heavyPosterZones: HEAVY_POSTER_ZONES.map((zone, z) => ({
      zone: zone.name,
      utcOffsetHours: zone.utcOffsetHours,
      accounts: accountIds(heavyPosters.filter((index) => accounts[index].heavyPosterZone === z)),
    })).filter((zone) => zone.accounts.length > 0),
    interestCommunities: communities.map((community) => ({
      id: community.id,
      accounts: accountIds(community.members),
      sources: community.sources.map((index) => outside[index].id),
      hashtags: community.hashtags,
      domain: community.domain,
      events: community.events,
      tweets: community.tweets,
    })),
  };
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
