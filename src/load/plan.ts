/**
 * Turns parsed records into the parameter lists of the load statements (cypher/load-*.cypher).
 * Pure: no I/O, so the shape of a batch is unit-tested without Neo4j. Within a batch every node
 * and relationship appears once, which keeps MERGE cheap and makes a rerun a no-op.
 *
 * Relationships travel as `[from, to]` arrays rather than `{from, to}` maps: Bolt encodes, and
 * Cypher indexes, a two-element list for less than a map with two keys.
 */
import type { AccountRecord, LoadRecord, TweetRecord } from "../model.ts";
import { domainOf } from "./domain.ts";
import { ACCOUNT_PROPERTY_KEYS, storedValue, TWEET_PROPERTY_KEYS, type PropertyValue } from "./properties.ts";

export type Props = Record<string, PropertyValue>;

/** `[fromId, toKey]`: a tweet id and the id, name or URL it points at. */
export type Pair = [from: string, to: string];

export interface PlannedTweet {
  id: string;
  accountId: string;
  /** The record's defined scalar fields (never `id`, the author or the lists). */
  props: Props;
}

export interface BatchPlan {
  /** Accounts with profile fields, one per id (later records win field by field). */
  accounts: Array<{ id: string; props: Props }>;
  /** Accounts referenced (authors, mentioned, retweeted, replied to) without a profile in this batch. */
  accountStubs: string[];
  /** Tweets of the archive, one per id (a repeated id merges its fields, later records winning). */
  tweets: PlannedTweet[];
  /** Tweets only referenced (retweeted, replied to, quoted), with their author when a row names it. */
  tweetStubs: Array<[id: string, accountId: string | null]>;
  /**
   * Referenced tweets known by their text alone (FiveThirtyEight retweets without "RT @name:"), each
   * also in `tweetStubs` without an author: written with `authorUnknown: true` and the text, so a
   * report or the viewer can say the author is not in the release.
   */
  authorUnknownStubs: Array<[id: string, text: string]>;
  retweetOf: Pair[];
  replyTo: Pair[];
  quotes: Pair[];
  /** Tweet → mentioned account id. */
  mentions: Pair[];
  /** Tweet → hashtag name. */
  hashtags: Pair[];
  /** Tweet → URL. */
  urls: Pair[];
  /** Every URL of `urls` once, with its domain (null when the URL has none). */
  urlDomains: Array<[url: string, domain: string | null]>;
  /** Every hashtag of `hashtags` once. */
  hashtagNames: string[];
}

/**
 * The relationships going out of batch tweets: the plan list holding them, their type, the label of
 * their end node and the statements writing them (`<statement>.cypher` MERGEs, `<statement>-new.cypher`
 * CREATEs from tweets made in the same transaction).
 */
export const TWEET_RELATIONSHIPS = [
  { list: "retweetOf", type: "RETWEET_OF", end: "Tweet", statement: "load-retweet-of" },
  { list: "replyTo", type: "REPLY_TO", end: "Tweet", statement: "load-reply-to" },
  { list: "quotes", type: "QUOTES", end: "Tweet", statement: "load-quotes" },
  { list: "mentions", type: "MENTIONS", end: "Account", statement: "load-mentions" },
  { list: "hashtags", type: "TAGS", end: "Hashtag", statement: "load-hashtags" },
  { list: "urls", type: "LINKS", end: "Url", statement: "load-urls" },
] as const satisfies ReadonlyArray<{ list: keyof BatchPlan; type: string; end: string; statement: string }>;

/**
 * The node properties of a record: its defined stored fields. A source that lacks a field never
 * erases what another wrote, so undefined, null and non-finite numbers are left out.
 */
function definedProps(record: object, keys: readonly string[]): Props {
  const props: Props = {};
  const fields = record as Record<string, unknown>;
  for (const key of keys) {
    const value = storedValue(fields[key]);
    if (value !== undefined) props[key] = value;
  }
  return props;
}

/** The node properties of an Account record (its stored fields but the id). */
export function accountProps(account: AccountRecord): Props {
  return definedProps(account, ACCOUNT_PROPERTY_KEYS);
}

/** The node properties of a Tweet record (scalar fields; ids of other nodes and lists become relationships). */
export function tweetProps(tweet: TweetRecord): Props {
  return definedProps(tweet, TWEET_PROPERTY_KEYS);
}

/** Adds each item of `items` once per tweet; `seen` spans the tweet's records when its id repeats. */
function addTargets(list: Pair[], from: string, items: readonly string[], seen: Set<string> | undefined): void {
  if (items.length === 0) return;
  if (items.length === 1 && seen === undefined) {
    list.push([from, items[0]!]);
    return;
  }
  const local = seen ?? new Set<string>();
  for (const item of items) {
    if (local.has(item)) continue;
    local.add(item);
    list.push([from, item]);
  }
}

/** Builds the statement parameters for one batch of parsed rows. */
export function planBatch(records: Iterable<LoadRecord>): BatchPlan {
  const profiles = new Map<string, Props>();
  // Every record, even a repeated tweet id, contributes its relationships (the shares format can list
  // one retweet id against two objects); node properties merge, later records winning.
  const tweetRecords: TweetRecord[] = [];
  const tweets = new Map<string, PlannedTweet>();
  let repeated: Set<string> | undefined;
  for (const record of records) {
    for (const account of record.accounts) {
      const props = accountProps(account);
      const existing = profiles.get(account.id);
      profiles.set(account.id, existing ? Object.assign(existing, props) : props);
    }
    for (const tweet of record.tweets) {
      tweetRecords.push(tweet);
      const existing = tweets.get(tweet.id);
      if (existing === undefined) {
        tweets.set(tweet.id, { id: tweet.id, accountId: tweet.accountId, props: tweetProps(tweet) });
      } else {
        existing.accountId = tweet.accountId;
        Object.assign(existing.props, tweetProps(tweet));
        (repeated ??= new Set()).add(tweet.id);
      }
    }
  }

  const referencedAccounts = new Set<string>();
  const stubTweets = new Map<string, string | null>();
  const authorUnknownStubs = new Map<string, string>();
  const plan: BatchPlan = {
    accounts: [],
    accountStubs: [],
    tweets: [...tweets.values()],
    tweetStubs: [],
    authorUnknownStubs: [],
    retweetOf: [],
    replyTo: [],
    quotes: [],
    mentions: [],
    hashtags: [],
    urls: [],
    urlDomains: [],
    hashtagNames: [],
  };

  const referenceTweet = (id: string, accountId: string | undefined) => {
    if (tweets.has(id)) return;
    if (accountId) referencedAccounts.add(accountId);
    const known = stubTweets.get(id);
    if (known === undefined || known === null) stubTweets.set(id, accountId || null);
  };

  // Per-kind seen-sets of a repeated tweet id (`${kind}\0${id}` → targets already listed).
  const seenOfRepeated = new Map<string, Set<string>>();
  const seenFor = (kind: string, id: string) => {
    if (repeated === undefined || !repeated.has(id)) return undefined;
    const key = `${kind}\u0000${id}`;
    let seen = seenOfRepeated.get(key);
    if (seen === undefined) seenOfRepeated.set(key, (seen = new Set()));
    return seen;
  };
  const hashtagNames = new Set<string>();
  const urlDomains = new Map<string, string | null>();

  for (const tweet of tweets.values()) referencedAccounts.add(tweet.accountId);
  for (const tweet of tweetRecords) {
    const id = tweet.id;
    if (tweet.retweetOfId) {
      referenceTweet(tweet.retweetOfId, tweet.retweetOfAccountId);
      if (tweet.retweetOfText !== undefined && !tweet.retweetOfAccountId && !tweets.has(tweet.retweetOfId)) {
        authorUnknownStubs.set(tweet.retweetOfId, tweet.retweetOfText);
      }
      addTargets(plan.retweetOf, id, [tweet.retweetOfId], seenFor("rt", id));
    }
    if (tweet.replyToId) {
      referenceTweet(tweet.replyToId, tweet.replyToAccountId);
      addTargets(plan.replyTo, id, [tweet.replyToId], seenFor("re", id));
    } else if (tweet.replyToAccountId) {
      referencedAccounts.add(tweet.replyToAccountId);
    }
    if (tweet.quotesId) {
      referenceTweet(tweet.quotesId, tweet.quotesAccountId);
      addTargets(plan.quotes, id, [tweet.quotesId], seenFor("qu", id));
    }
    if (tweet.mentions.length > 0) {
      for (const mentioned of tweet.mentions) referencedAccounts.add(mentioned);
      addTargets(plan.mentions, id, tweet.mentions, seenFor("me", id));
    }
    if (tweet.hashtags.length > 0) {
      for (const tag of tweet.hashtags) hashtagNames.add(tag);
      addTargets(plan.hashtags, id, tweet.hashtags, seenFor("ha", id));
    }
    // A source that names only a domain (CooRTweet shares of kind "domain") links the domain's root
    // page, so co-domain finds it through the same (:Url)-[:ON_DOMAIN]->(:Domain) path as any link.
    const urls = tweet.domains?.length ? [...tweet.urls, ...tweet.domains.map((domain) => `http://${domain}/`)] : tweet.urls;
    if (urls.length > 0) {
      for (const url of urls) if (!urlDomains.has(url)) urlDomains.set(url, domainOf(url) ?? null);
      addTargets(plan.urls, id, urls, seenFor("ur", id));
    }
  }

  for (const [id, props] of profiles) plan.accounts.push({ id, props });
  for (const id of referencedAccounts) if (!profiles.has(id)) plan.accountStubs.push(id);
  for (const [id, accountId] of stubTweets) plan.tweetStubs.push([id, accountId]);
  plan.authorUnknownStubs = [...authorUnknownStubs];
  plan.hashtagNames = [...hashtagNames];
  plan.urlDomains = [...urlDomains];
  return plan;
}

/** Relationship count a batch asks for (for the load summary; MERGE may find some already present). */
export function plannedRelationships(plan: BatchPlan): number {
  let stubAuthors = 0;
  for (const stub of plan.tweetStubs) if (stub[1] !== null) stubAuthors++;
  return (
    plan.tweets.length +
    stubAuthors +
    plan.retweetOf.length +
    plan.replyTo.length +
    plan.quotes.length +
    plan.mentions.length +
    plan.hashtags.length +
    plan.urls.length
  );
}
