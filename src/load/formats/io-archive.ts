/**
 * Twitter's information-operations archives (election-integrity releases, October 2018 onwards):
 * the tweets file, one tweet per row, plus the author's profile in the `user_*` columns.
 * Columns are matched by name (their order changed between releases) and any optional column may
 * be missing, as in derived copies that keep only a subset.
 *
 * Time: `tweet_time` is truncated to the minute, so the tweet id (a snowflake since November 2010)
 * gives the millisecond whenever it agrees with it (see snowflake.ts); otherwise the row keeps
 * minute precision. Copies without `tweetid` get a synthetic id, `io:<sha1>` of account, time and
 * text, stable across runs; copies without `userid` use the screen name, which the releases hash
 * exactly like the id (hashed accounts) or `name:<screen name>` (named accounts).
 */
import { createHash } from "node:crypto";
import type { AccountRecord, TimePrecision, TweetRecord } from "../../model.ts";
import { preciseTimeMs, snowflakeTimeMs } from "../snowflake.ts";
import { extractMentions } from "./fivethirtyeight.ts";
import {
  col,
  detach,
  field,
  indexedValueProblem,
  longItemProblem,
  parseBoolean,
  parseCount,
  problem,
  type ColumnIndex,
  type CsvFormat,
  type CsvRowMapper,
  type FormatContext,
} from "./common.ts";
import { idProblem, IdInterner, isDigits, screenNameId } from "./ids.ts";
import { normalizeHashtags, parseList } from "./lists.ts";
import { parseCalendarDate, parseDateTime, timeProblem, type ParsedTime } from "./times.ts";

export const IO_ARCHIVE_COLUMNS =
  "tweetid, userid, user_display_name, user_screen_name, user_reported_location, user_profile_description, user_profile_url, " +
  "follower_count, following_count, account_creation_date, account_language, tweet_language, tweet_text, tweet_time, " +
  "tweet_client_name, in_reply_to_tweetid, in_reply_to_userid, quoted_tweet_tweetid, is_retweet, retweet_userid, " +
  "retweet_tweetid, latitude, longitude, quote_count, reply_count, like_count, retweet_count, hashtags, urls, user_mentions, poll_choices";

/** Column positions of the account half of an IO row (shared with the users file). */
export interface AccountColumns {
  id: number;
  screenName: number;
  displayName: number;
  location: number;
  description: number;
  profileUrl: number;
  followers: number;
  following: number;
  createdAt: number;
  language: number;
}

export function accountColumns(columns: ColumnIndex): AccountColumns {
  return {
    id: col(columns, "userid", "user_id"),
    screenName: col(columns, "user_screen_name"),
    displayName: col(columns, "user_display_name"),
    location: col(columns, "user_reported_location"),
    description: col(columns, "user_profile_description"),
    profileUrl: col(columns, "user_profile_url"),
    followers: col(columns, "follower_count"),
    following: col(columns, "following_count"),
    createdAt: col(columns, "account_creation_date"),
    language: col(columns, "account_language"),
  };
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

function optionalCopy(value: string): string | undefined {
  return value === "" ? undefined : detach(value);
}

/**
 * The account id of an IO row: `userid`, else the screen name (hashed screen names equal the
 * hashed id in these releases), else nothing. Returns the id, or a problem.
 */
export function ioAccountId(fields: readonly string[], c: AccountColumns, ids: IdInterner): string | { field: string; reason: string } {
  if (c.id >= 0) {
    const id = field(fields, c.id);
    return ids.intern(id) ?? { field: "userid", reason: idProblem(id)! };
  }
  const name = field(fields, c.screenName);
  if (name === "") return { field: "user_screen_name", reason: "empty user_screen_name (and no userid column)" };
  const reason = idProblem(name);
  if (reason !== undefined) return { field: "user_screen_name", reason };
  return looksHashed(name) ? detach(name) : screenNameId(name);
}

/** 64-hex SHA-256 or 44-character base64: the two hash shapes the releases use. */
export function looksHashed(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value) || ((value.length === 43 || value.length === 44) && value.charCodeAt(value.length - 1) === 61 && /^[A-Za-z0-9+/]{41,43}=+$/.test(value));
}

/** Reads the profile columns; returns a problem for unreadable counts or dates. */
export function readAccount(
  fields: readonly string[],
  c: AccountColumns,
  id: string,
  out: { account?: AccountRecord } | undefined,
): { field: string; reason: string } | undefined {
  const followers = parseCount(field(fields, c.followers));
  if (Number.isNaN(followers)) return { field: "follower_count", reason: `follower_count "${field(fields, c.followers)}" is not a count` };
  const following = parseCount(field(fields, c.following));
  if (Number.isNaN(following)) return { field: "following_count", reason: `following_count "${field(fields, c.following)}" is not a count` };
  const createdAt = parseCalendarDate(field(fields, c.createdAt));
  if (createdAt === null) return { field: "account_creation_date", reason: `account_creation_date "${field(fields, c.createdAt)}" is not a date` };
  const longName = indexedValueProblem("user_screen_name", field(fields, c.screenName));
  if (longName !== undefined) return { field: "user_screen_name", reason: longName };
  if (out === undefined) return undefined;
  // Built once per account per batch, and the kind of record a writer may cache: copy the
  // strings so they do not pin the input chunk.
  out.account = {
    id,
    screenName: optionalCopy(field(fields, c.screenName)),
    displayName: optionalCopy(field(fields, c.displayName)),
    location: optionalCopy(field(fields, c.location)),
    description: optionalCopy(field(fields, c.description)),
    profileUrl: optionalCopy(field(fields, c.profileUrl)),
    followers,
    following,
    createdAt,
    language: optionalCopy(field(fields, c.language)),
    hashed: !isDigits(id) && !id.startsWith("name:"),
  };
  return undefined;
}

export const ioArchiveFormat: CsvFormat = {
  name: "io-archive",
  expectedColumns: IO_ARCHIVE_COLUMNS,
  matches(columns) {
    const hasTweet = columns.has("tweetid") || columns.has("tweet_time");
    const hasAccount = columns.has("userid") || columns.has("user_screen_name");
    return hasTweet && hasAccount && (columns.has("tweet_time") || columns.has("tweet_text") || columns.has("is_retweet"));
  },
  missingColumns(columns) {
    const missing: string[] = [];
    if (!columns.has("tweet_time") && !columns.has("tweetid")) missing.push("tweet_time (or tweetid)");
    if (!columns.has("userid") && !columns.has("user_screen_name")) missing.push("userid (or user_screen_name)");
    return missing;
  },
  bind: bindIoArchive,
};

function bindIoArchive(columns: ColumnIndex, context: FormatContext): CsvRowMapper {
  const account = accountColumns(columns);
  const cTweetId = col(columns, "tweetid", "tweet_id");
  const cTime = col(columns, "tweet_time");
  const cText = col(columns, "tweet_text");
  const cLanguage = col(columns, "tweet_language");
  const cClient = col(columns, "tweet_client_name");
  const cReplyTo = col(columns, "in_reply_to_tweetid");
  const cReplyToUser = col(columns, "in_reply_to_userid");
  const cQuoted = col(columns, "quoted_tweet_tweetid");
  const cIsRetweet = col(columns, "is_retweet");
  const cRetweetUser = col(columns, "retweet_userid");
  const cRetweetId = col(columns, "retweet_tweetid");
  const cQuoteCount = col(columns, "quote_count");
  const cReplyCount = col(columns, "reply_count");
  const cLikeCount = col(columns, "like_count");
  const cRetweetCount = col(columns, "retweet_count");
  const cHashtags = col(columns, "hashtags");
  const cUrls = col(columns, "urls");
  const cMentions = col(columns, "user_mentions");
  const maxTimeMs = context.maxTimeMs;
  const parsed: ParsedTime = { ms: 0, precision: "min" };
  const accountOut: { account?: AccountRecord } = {};
  const accountIds = new IdInterner();

  const counts = [
    ["quote_count", cQuoteCount],
    ["reply_count", cReplyCount],
    ["like_count", cLikeCount],
    ["retweet_count", cRetweetCount],
  ] as const;

  return (fields, sink) => {
    const accountId = ioAccountId(fields, account, accountIds);
    if (typeof accountId !== "string") return accountId;

    // Time: tweet_time, refined by the snowflake id when the two agree.
    let time: number;
    let precision: TimePrecision;
    const timeText = field(fields, cTime);
    const rawId = field(fields, cTweetId);
    if (cTweetId >= 0) {
      const reason = idProblem(rawId);
      if (reason !== undefined) return problem("tweetid", reason);
    }
    if (timeText !== "") {
      if (!parseDateTime(timeText, parsed)) return problem("tweet_time", `tweet_time "${timeText}" is not a date-time`);
      time = parsed.ms;
      precision = parsed.precision;
      if (cTweetId >= 0 && precision !== "ms") {
        const precise = preciseTimeMs(rawId, time, precision === "min" ? 60_000 : 1_000);
        if (precise !== undefined) {
          time = precise;
          precision = "ms";
        }
      }
    } else if (cTime < 0 && cTweetId >= 0) {
      // No tweet_time column at all: the snowflake is the only clock.
      const ms = snowflakeTimeMs(rawId);
      if (ms === undefined) return problem("tweetid", `no tweet_time column and tweetid "${rawId}" is not a snowflake id`);
      time = ms;
      precision = "ms";
    } else {
      return problem("tweet_time", "empty tweet_time");
    }
    const badTime = timeProblem(time, maxTimeMs);
    if (badTime !== undefined) return problem("tweet_time", badTime);

    // Tweet ids are unique: check them; account ids repeat: intern them.
    const replyToId = field(fields, cReplyTo);
    if (replyToId !== "" && idProblem(replyToId) !== undefined) return problem("in_reply_to_tweetid", idProblem(replyToId)!);
    const quotesId = field(fields, cQuoted);
    if (quotesId !== "" && idProblem(quotesId) !== undefined) return problem("quoted_tweet_tweetid", idProblem(quotesId)!);
    const retweetOfId = field(fields, cRetweetId);
    if (retweetOfId !== "" && idProblem(retweetOfId) !== undefined) return problem("retweet_tweetid", idProblem(retweetOfId)!);
    const rawReplyToAccount = field(fields, cReplyToUser);
    const replyToAccountId = rawReplyToAccount === "" ? undefined : accountIds.intern(rawReplyToAccount);
    if (replyToAccountId === undefined && rawReplyToAccount !== "") return problem("in_reply_to_userid", idProblem(rawReplyToAccount)!);
    const rawRetweetAccount = field(fields, cRetweetUser);
    const retweetOfAccountId = rawRetweetAccount === "" ? undefined : accountIds.intern(rawRetweetAccount);
    if (retweetOfAccountId === undefined && rawRetweetAccount !== "") return problem("retweet_userid", idProblem(rawRetweetAccount)!);

    const isRetweetText = field(fields, cIsRetweet);
    let isRetweet = parseBoolean(isRetweetText);
    if (isRetweet === undefined) return problem("is_retweet", `is_retweet "${isRetweetText}" is not true/false`);
    if (cIsRetweet < 0 && retweetOfId !== "") isRetweet = true;

    let quoteCount: number | undefined;
    let replyCount: number | undefined;
    let likeCount: number | undefined;
    let retweetCount: number | undefined;
    for (let k = 0; k < counts.length; k++) {
      const value = parseCount(field(fields, counts[k][1]));
      if (Number.isNaN(value)) return problem(counts[k][0], `${counts[k][0]} "${field(fields, counts[k][1])}" is not a count`);
      if (k === 0) quoteCount = value;
      else if (k === 1) replyCount = value;
      else if (k === 2) likeCount = value;
      else retweetCount = value;
    }

    const mentions = parseList(field(fields, cMentions));
    for (let k = 0; k < mentions.length; k++) {
      const id = accountIds.intern(mentions[k]);
      if (id === undefined) return problem("user_mentions", idProblem(mentions[k])!);
      mentions[k] = id;
    }

    const hashtags = normalizeHashtags(parseList(field(fields, cHashtags)));
    const urls = parseList(field(fields, cUrls), "url");
    const tooLong = longItemProblem("hashtags", "a hashtag", hashtags) ?? longItemProblem("urls", "a URL", urls);
    if (tooLong !== undefined) return tooLong;

    // The profile repeats on every row of an account: build it once per batch, still checking each row.
    const knownAccount = sink.hasAccount(accountId);
    const accountProblem = readAccount(fields, account, accountId, knownAccount ? undefined : accountOut);
    if (accountProblem !== undefined) return accountProblem;

    const text = field(fields, cText);
    let id: string;
    if (cTweetId >= 0) id = detach(rawId);
    else id = "io:" + createHash("sha1").update(`${accountId}\n${time}\n${text}`).digest("hex");

    const tweet: TweetRecord = {
      id,
      accountId,
      time,
      timePrecision: precision,
      text: optional(text),
      language: optional(field(fields, cLanguage)),
      client: optional(field(fields, cClient)),
      isRetweet,
      retweetOfId: optionalId(retweetOfId),
      retweetOfAccountId,
      replyToId: optionalId(replyToId),
      replyToAccountId,
      quotesId: optionalId(quotesId),
      quotesAccountId: undefined,
      hashtags,
      urls,
      // Copies without `user_mentions` still name the mentioned accounts in the text, by screen name or by
      // the hash that replaced it (the releases hash a screen name like the id): the load resolves them.
      mentions: cMentions < 0 && text.indexOf("@") !== -1 ? extractMentions(text, { hashes: true }) : mentions,
      likeCount,
      retweetCount,
      replyCount,
      quoteCount,
    };
    sink.tweet(tweet);
    if (!knownAccount) sink.account(accountOut.account!);
    return undefined;
  };
}

function optionalId(value: string): string | undefined {
  return value === "" ? undefined : detach(value);
}
