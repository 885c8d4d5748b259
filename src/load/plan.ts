/**
 * Turns parsed records into the parameter lists of the load statements (cypher/load-*.cypher).
 * Pure: no I/O, so the shape of a batch is unit-tested without Neo4j. Within a batch every node
 * and relationship appears once, which keeps MERGE cheap and makes a rerun a no-op.
 */
import type { AccountRecord, LoadRecord, TweetRecord } from "../model.ts";
import { domainOf } from "./domain.ts";

type Props = Record<string, string | number | boolean>;

export interface Pair {
  from: string;
  to: string;
}

export interface BatchPlan {
  accounts: Array<{ id: string; props: Props }>;
  accountStubs: string[];
  tweets: Array<{ id: string; accountId: string; props: Props }>;
  tweetStubs: Array<{ id: string; accountId: string | null }>;
  retweetOf: Pair[];
  replyTo: Pair[];
  quotes: Pair[];
  mentions: Pair[];
  hashtags: Pair[];
  urls: Array<Pair & { domain: string | null }>;
}

/** Copies the defined fields only: a source that lacks a field never erases what another wrote. */
function definedProps(record: object, skip: ReadonlySet<string>): Props {
  const props: Props = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null || skip.has(key) || Array.isArray(value)) continue;
    if (typeof value === "number" && !Number.isFinite(value)) continue;
    props[key] = value as string | number | boolean;
  }
  return props;
}

const accountSkip = new Set(["id"]);
const tweetSkip = new Set([
  "id",
  "accountId",
  "retweetOfId",
  "retweetOfAccountId",
  "replyToId",
  "replyToAccountId",
  "quotesId",
  "quotesAccountId",
  "hashtags",
  "urls",
  "mentions",
]);

function mergeAccount(into: Map<string, Props>, account: AccountRecord): void {
  const props = definedProps(account, accountSkip);
  const existing = into.get(account.id);
  into.set(account.id, existing ? { ...existing, ...props } : props);
}

function addPair<T extends Pair>(list: T[], seen: Set<string>, pair: T): void {
  const key = `${pair.from}\u0000${pair.to}`;
  if (seen.has(key)) return;
  seen.add(key);
  list.push(pair);
}

/** Builds the statement parameters for one batch of parsed rows. */
export function planBatch(records: Iterable<LoadRecord>): BatchPlan {
  const accountProps = new Map<string, Props>();
  // Every record, even a repeated tweet id, contributes its relationships (the shares format can list
  // one retweet id against two objects); node properties merge, later records winning.
  const tweetRecords: TweetRecord[] = [];
  const tweets = new Map<string, TweetRecord>();
  for (const record of records) {
    for (const account of record.accounts) mergeAccount(accountProps, account);
    for (const tweet of record.tweets) {
      tweetRecords.push(tweet);
      tweets.set(tweet.id, tweets.has(tweet.id) ? { ...tweets.get(tweet.id)!, ...tweet } : tweet);
    }
  }

  const referencedAccounts = new Set<string>();
  const stubTweets = new Map<string, string | null>();
  const plan: BatchPlan = {
    accounts: [],
    accountStubs: [],
    tweets: [],
    tweetStubs: [],
    retweetOf: [],
    replyTo: [],
    quotes: [],
    mentions: [],
    hashtags: [],
    urls: [],
  };
  const seen = { retweetOf: new Set<string>(), replyTo: new Set<string>(), quotes: new Set<string>(), mentions: new Set<string>(), hashtags: new Set<string>(), urls: new Set<string>() };

  const referenceTweet = (id: string | undefined, accountId: string | undefined) => {
    if (!id || tweets.has(id)) return;
    if (accountId) referencedAccounts.add(accountId);
    const known = stubTweets.get(id);
    stubTweets.set(id, known ?? accountId ?? null);
  };

  for (const tweet of tweets.values()) {
    referencedAccounts.add(tweet.accountId);
    plan.tweets.push({ id: tweet.id, accountId: tweet.accountId, props: definedProps(tweet, tweetSkip) });
  }
  for (const tweet of tweetRecords) {
    if (tweet.retweetOfId) {
      referenceTweet(tweet.retweetOfId, tweet.retweetOfAccountId);
      addPair(plan.retweetOf, seen.retweetOf, { from: tweet.id, to: tweet.retweetOfId });
    }
    if (tweet.replyToId) {
      referenceTweet(tweet.replyToId, tweet.replyToAccountId);
      addPair(plan.replyTo, seen.replyTo, { from: tweet.id, to: tweet.replyToId });
    } else if (tweet.replyToAccountId) {
      referencedAccounts.add(tweet.replyToAccountId);
    }
    if (tweet.quotesId) {
      referenceTweet(tweet.quotesId, tweet.quotesAccountId);
      addPair(plan.quotes, seen.quotes, { from: tweet.id, to: tweet.quotesId });
    }
    for (const mentioned of tweet.mentions) {
      referencedAccounts.add(mentioned);
      addPair(plan.mentions, seen.mentions, { from: tweet.id, to: mentioned });
    }
    for (const tag of tweet.hashtags) addPair(plan.hashtags, seen.hashtags, { from: tweet.id, to: tag });
    for (const url of tweet.urls) addPair(plan.urls, seen.urls, { from: tweet.id, to: url, domain: domainOf(url) ?? null });
  }

  for (const [id, props] of accountProps) plan.accounts.push({ id, props });
  for (const id of referencedAccounts) if (!accountProps.has(id)) plan.accountStubs.push(id);
  for (const [id, accountId] of stubTweets) plan.tweetStubs.push({ id, accountId });
  return plan;
}

/** Relationship count a batch asks for (for the load summary; MERGE may find some already present). */
export function plannedRelationships(plan: BatchPlan): number {
  return (
    plan.tweets.length +
    plan.tweetStubs.filter((s) => s.accountId).length +
    plan.retweetOf.length +
    plan.replyTo.length +
    plan.quotes.length +
    plan.mentions.length +
    plan.hashtags.length +
    plan.urls.length
  );
}
