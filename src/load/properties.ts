/**
 * The properties the loader stores on Account and Tweet nodes, with their Neo4j types, declared once
 * for both write paths: the driver (plan.ts, writer.ts) and the bulk import (bulk-csv.ts).
 *
 * Numbers are `double`: the JavaScript driver sends every JS number as a Bolt float, so that is what
 * a driver load stores, and a bulk load must store the same. (Ids are strings, never numbers.)
 *
 * The `satisfies` clauses make the compiler check that every field of the records is either stored
 * here or turned into a relationship: a field added to `TweetRecord` fails to compile until it is
 * placed, and `test/load-plan.test.ts` checks that `cypher/load-tweets-new.cypher` sets the same
 * columns in the same order.
 */
import type { AccountRecord, TweetRecord } from "../model.ts";

export type PropertyType = "string" | "double" | "boolean";

/** Fields of a TweetRecord that become relationships (or the node's key), not properties. */
export type TweetReferenceField =
  | "id"
  | "accountId"
  | "retweetOfId"
  | "retweetOfAccountId"
  | "retweetOfText"
  | "replyToId"
  | "replyToAccountId"
  | "quotesId"
  | "quotesAccountId"
  | "hashtags"
  | "urls"
  | "mentions"
  | "domains";

/** Tweet properties in the column order of `load-tweets-new.cypher` (after id and author). */
export const TWEET_PROPERTIES = {
  time: "double",
  timePrecision: "string",
  text: "string",
  language: "string",
  client: "string",
  isRetweet: "boolean",
  sourceLine: "double",
  likeCount: "double",
  retweetCount: "double",
  replyCount: "double",
  quoteCount: "double",
} as const satisfies Record<Exclude<keyof TweetRecord, TweetReferenceField>, PropertyType>;

export const ACCOUNT_PROPERTIES = {
  screenName: "string",
  displayName: "string",
  location: "string",
  description: "string",
  profileUrl: "string",
  followers: "double",
  following: "double",
  createdAt: "string",
  language: "string",
  hashed: "boolean",
  accountCategory: "string",
  accountType: "string",
} as const satisfies Record<Exclude<keyof AccountRecord, "id">, PropertyType>;

export type TweetPropertyKey = keyof typeof TWEET_PROPERTIES;
export type AccountPropertyKey = keyof typeof ACCOUNT_PROPERTIES;

export const TWEET_PROPERTY_KEYS = Object.keys(TWEET_PROPERTIES) as TweetPropertyKey[];
export const ACCOUNT_PROPERTY_KEYS = Object.keys(ACCOUNT_PROPERTIES) as AccountPropertyKey[];

export type PropertyValue = string | number | boolean;

/** A record's value for a stored property, or undefined when the source lacked it (never erase another source's value). */
export function storedValue(value: unknown): PropertyValue | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : undefined;
    default:
      return undefined;
  }
}
