/**
 * The records every loader produces, whatever the input format. Loaders turn rows into these;
 * the graph writer turns these into Neo4j nodes and relationships (see README "Graph model").
 * Ids are always strings: 64-bit tweet ids and account hashes never pass through a JS number.
 */

/** How precisely a tweet's time is known. Analyses must not use windows finer than this. */
export type TimePrecision = "ms" | "s" | "min";

export interface AccountRecord {
  /** userid as released: numeric string, 64-hex SHA-256 hash or base64 hash. Never re-identified. */
  id: string;
  screenName?: string;
  displayName?: string;
  location?: string;
  description?: string;
  profileUrl?: string;
  followers?: number;
  following?: number;
  /** YYYY-MM-DD */
  createdAt?: string;
  language?: string;
  /** true when the release replaced id and names by a hash (accounts under 5,000 followers). */
  hashed?: boolean;
  /** Ground-truth labels where the source has them (FiveThirtyEight account_category / account_type). */
  accountCategory?: string;
  accountType?: string;
}

export interface TweetRecord {
  id: string;
  accountId: string;
  /** Unix milliseconds (UTC). */
  time: number;
  timePrecision: TimePrecision;
  text?: string;
  language?: string;
  client?: string;
  isRetweet: boolean;
  retweetOfId?: string;
  retweetOfAccountId?: string;
  /**
   * The retweeted tweet's text, where the source gives that text but names neither the original nor
   * its author (FiveThirtyEight retweets without "RT @name:"): `retweetOfId` is then keyed by the text,
   * and the original's stub carries the text and `authorUnknown: true`. Absent otherwise.
   */
  retweetOfText?: string;
  replyToId?: string;
  replyToAccountId?: string;
  quotesId?: string;
  quotesAccountId?: string;
  /** Lower-cased, without '#'. */
  hashtags: string[];
  /** As given (expanded where the source expanded them). */
  urls: string[];
  /** Account ids mentioned (hashed or numeric; `name:<lower-cased screen name>` where the source gives only names). */
  mentions: string[];
  /**
   * Web domains shared, lower-cased, where the source names domains rather than URLs
   * (CooRTweet shares read with objectKind "domain"). Absent otherwise: derive domains from `urls`.
   */
  domains?: string[];
  /** Physical line of the source row (CSV inputs): provenance, and input order for CooRTweet's ties. */
  sourceLine?: number;
  likeCount?: number;
  retweetCount?: number;
  replyCount?: number;
  quoteCount?: number;
}

/**
 * One parsed row: tweets and/or accounts. A stub account or tweet (referenced but not in the archive)
 * is created by the writer from the ids above; loaders do not emit it.
 */
export interface LoadRecord {
  accounts: AccountRecord[];
  tweets: TweetRecord[];
}

/** A row the loader could not use, kept for the user in the rejects file. */
export interface RejectedRow {
  file: string;
  line: number;
  field?: string;
  reason: string;
  /** The raw text of the row (truncated for huge fields). */
  raw: string;
}
