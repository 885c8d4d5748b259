/**
 * What every format module shares: the format names, the contract between a tokenizer (CSV rows,
 * JSON values) and a format's mapper, the limits of indexed values, and the scalar parsers (counts,
 * booleans). Ids, times and lists have modules of their own (ids.ts, times.ts, lists.ts). Parsers
 * return `undefined` for an empty value and a sentinel (NaN) for an invalid one, so the hot path
 * allocates nothing for good rows.
 */
import type { AccountRecord, TweetRecord } from "../../model.ts";

/** The input formats coordgraph reads; see docs/FORMATS.md for the real-world quirks of each. */
export type FormatName = "io-archive" | "io-users" | "fivethirtyeight" | "shares" | "twitter-json";

export const FORMAT_NAMES: readonly FormatName[] = ["io-archive", "io-users", "fivethirtyeight", "shares", "twitter-json"];

/**
 * What a CooRTweet shares file's `object_id` is, since the file itself does not say
 * (CooRTweet's `prep_data(object_id = ...)` accepts any shared object).
 */
export type ShareObjectKind = "retweet" | "hashtag" | "url" | "domain" | "mention" | "reply";

export const SHARE_OBJECT_KINDS: readonly ShareObjectKind[] = ["retweet", "hashtag", "url", "domain", "mention", "reply"];

/** Why a row cannot be used: the column (or JSON path) at fault when known, and a reason for the user. */
export interface RowProblem {
  field?: string;
  reason: string;
}

/** Where a format mapper puts the records of a good row. */
export interface RecordSink {
  tweet(tweet: TweetRecord): void;
  account(account: AccountRecord): void;
  /** True when an account with this id and a profile is already in the batch (mappers may skip rebuilding it). */
  hasAccount(id: string): boolean;
}

/** Settings a format mapper needs beyond the row itself. */
export interface FormatContext {
  /** Latest acceptable tweet time (Unix ms): later ones are rejected as far-future. */
  maxTimeMs: number;
  objectKind: ShareObjectKind;
}

/** Lower-cased, trimmed header names → column index (first occurrence wins). */
export type ColumnIndex = ReadonlyMap<string, number>;

/** A CSV row mapper: fills the sink and returns undefined, or returns the problem and fills nothing. */
export type CsvRowMapper = (fields: readonly string[], sink: RecordSink) => RowProblem | undefined;

export interface CsvFormat {
  name: FormatName;
  /** The columns the format is recognised by, for the UNKNOWN_FORMAT message. */
  expectedColumns: string;
  /** Whether a header looks like this format. */
  matches(columns: ColumnIndex): boolean;
  /** Required columns missing from a header (empty when the header is usable). */
  missingColumns(columns: ColumnIndex): string[];
  bind(columns: ColumnIndex, context: FormatContext): CsvRowMapper;
}

/** Where a JSON mapper puts records; embedded tweets (originals, quoted) may be de-duplicated. */
export interface JsonRecordSink extends RecordSink {
  embeddedTweet(tweet: TweetRecord): void;
}

/** A JSON value's records went to the sink; each problem found (the value's or an embedded tweet's) is reported. */
export type JsonValueMapper = (value: unknown, sink: JsonRecordSink, reject: (problem: RowProblem) => void) => void;

/** A {@link JsonValueMapper} for one JSON object a format's dispatcher has already recognised. */
export type JsonObjectMapper = (value: Record<string, unknown>, sink: JsonRecordSink, reject: (problem: RowProblem) => void) => void;

/** A JSON input format: registered beside the CSV ones (detect.ts), bound once per file like them. */
export interface JsonFormat {
  name: FormatName;
  /** What the format's values look like, for the UNKNOWN_FORMAT message. */
  expectedShape: string;
  bind(context: FormatContext): JsonValueMapper;
}

export function columnIndex(header: readonly string[]): ColumnIndex {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.replace(/^\uFEFF/, "").trim().toLowerCase();
    if (key !== "" && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** Column position or -1; mappers read absent columns as "" through {@link field}. */
export function col(columns: ColumnIndex, ...names: string[]): number {
  for (const name of names) {
    const i = columns.get(name);
    if (i !== undefined) return i;
  }
  return -1;
}

export function field(fields: readonly string[], index: number): string {
  return index < 0 ? "" : (fields[index] ?? "");
}

export function problem(fieldName: string | undefined, reason: string): RowProblem {
  return fieldName === undefined ? { reason } : { field: fieldName, reason };
}

/**
 * Longest value, in UTF-8 bytes, accepted for an indexed property (tweet and account ids, screen
 * names, hashtags, URLs and so domains). Neo4j's range indexes refuse keys over about 8 KB
 * ("Property value is too large to index") by failing the whole write transaction: one such value
 * would stop every load of its archive at the same batch, so its row is rejected instead.
 */
export const MAX_INDEXED_BYTES = 4096;

/** Why `value` (named `what` in the reason) is too long to index, or undefined. */
export function indexedValueProblem(what: string, value: string): string | undefined {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short strings need no counting.
  if (value.length * 3 <= MAX_INDEXED_BYTES) return undefined;
  const bytes = Buffer.byteLength(value, "utf8");
  return bytes <= MAX_INDEXED_BYTES ? undefined : `${what} of ${bytes} bytes is longer than the ${MAX_INDEXED_BYTES} bytes Neo4j can index`;
}

/** The first item of a list that is too long to index, as a problem of column `fieldName`. */
export function longItemProblem(fieldName: string, what: string, items: readonly string[]): RowProblem | undefined {
  for (let i = 0; i < items.length; i++) {
    const reason = indexedValueProblem(what, items[i]!);
    if (reason !== undefined) return problem(fieldName, reason);
  }
  return undefined;
}

/** The first indexed value of a tweet record that is too long to index, named by record property after `path`. */
export function tweetIndexProblem(tweet: TweetRecord, path = ""): RowProblem | undefined {
  const ids = [
    ["id", tweet.id],
    ["accountId", tweet.accountId],
    ["retweetOfId", tweet.retweetOfId],
    ["retweetOfAccountId", tweet.retweetOfAccountId],
    ["replyToId", tweet.replyToId],
    ["replyToAccountId", tweet.replyToAccountId],
    ["quotesId", tweet.quotesId],
    ["quotesAccountId", tweet.quotesAccountId],
  ] as const;
  for (const [name, value] of ids) {
    const reason = value === undefined ? undefined : indexedValueProblem("an id", value);
    if (reason !== undefined) return problem(path + name, reason);
  }
  return (
    longItemProblem(path + "hashtags", "a hashtag", tweet.hashtags) ??
    longItemProblem(path + "urls", "a URL", tweet.urls) ??
    longItemProblem(path + "mentions", "a mentioned account id", tweet.mentions) ??
    longItemProblem(path + "domains", "a domain", tweet.domains ?? [])
  );
}

/**
 * A copy of a short string that does not pin the chunk it was sliced from. V8 keeps substrings as
 * views of their parent, so an id kept in a long-lived Set by a consumer would otherwise retain a
 * whole 64 KB input chunk. Concatenating then slicing forces a flat copy.
 */
export function detach(value: string): string {
  return value.length < 13 ? value : (" " + value).slice(1);
}

// ---------------------------------------------------------------------------------------------
// Scalars

/**
 * A non-negative count: undefined when empty, NaN when unreadable. Accepts `12` and the `12.0`
 * that pandas writes for integer columns holding missing values.
 */
export function parseCount(text: string): number | undefined {
  const length = text.length;
  if (length === 0) return undefined;
  let value = 0;
  let i = 0;
  for (; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  if (i === 0) return NaN;
  if (i < length) {
    if (text.charCodeAt(i) !== 46) return NaN;
    for (i++; i < length; i++) if (text.charCodeAt(i) !== 48) return NaN;
  }
  return value <= Number.MAX_SAFE_INTEGER ? value : NaN;
}

/** `true`/`True`/`TRUE`/`1` and `false`/`False`/`FALSE`/`0`/empty; undefined when neither. */
export function parseBoolean(text: string): boolean | undefined {
  switch (text) {
    case "false":
    case "False":
    case "FALSE":
    case "0":
    case "":
      return false;
    case "true":
    case "True":
    case "TRUE":
    case "1":
      return true;
    default:
      return undefined;
  }
}

/**
 * Prefix of the id an account gets when a source names it only by screen name. After every load,
 * cypher/load-resolve-screen-names.cypher moves such stubs onto the archive's account of that name.
 */
export const SCREEN_NAME_PREFIX = "name:";

/** Raw text for a RejectedRow, cut to about 1 KB. */
export function truncateRaw(raw: string, max = 1024): string {
  return raw.length <= max ? raw : raw.slice(0, max) + `… [${raw.length - max} more characters]`;
}
