/**
 * FiveThirtyEight / Clemson IRA tweets (`IRAhandle_tweets_N.csv`, Linvill & Warren's coding) and
 * the derived copies that keep a subset of its columns (e.g. `author_id, author, account_category,
 * ... publish_date` with ISO dates). Keeps `account_category`/`account_type`: ground truth for
 * validating communities.
 *
 * Ids: `external_author_id` is float-rounded in the release (`906000000000000000`) and copies
 * through a spreadsheet show every id as `9.06E+17`. The account id is taken from the first
 * trustworthy source: `alt_external_id`, then `external_author_id`/`author_id` when exact, then
 * `article_url` (`twitter.com/<userid>/statuses/<tweetid>`, exact even in mangled copies, and
 * checked against the rounded value); a row whose only id is rounded or mangled is rejected.
 * Rows with no id columns at all use `name:<lower-cased author>`, and so does a screen-name-shaped
 * `author_id` (the split-by-author redistribution's, which is the handle, not Twitter's id).
 * The tweet id is `tweet_id`, else `article_url`'s, else a synthetic
 * `538:<sha1 of lower-cased author, time in ms and content>` (stable across runs and copies).
 *
 * The release does not link a retweet or a quote to the tweet it shares: fivethirtyeight-shares.ts
 * reads them from what the row does hold (a retweet's text, a quote's resolved permalink).
 * Hashtags, mentions and URLs are parsed from `content`; mentions are screen names, so their ids are
 * `name:<lower-cased screen name>`: after the load, cypher/load-resolve-screen-names.cypher moves
 * them onto the archive's account of that name. URLs are the resolved `tco*_step1` links when
 * present, else the links written in the text. `article_url` is the row's own permalink
 * (`twitter.com/<user id>/statuses/<tweet id>`, "Link to original tweet"): a source of ids, never a
 * link, since every tweet has its own and it would put the whole archive on twitter.com.
 */
import { createHash } from "node:crypto";
import type { TimePrecision } from "../../model.ts";
import { preciseTimeMs } from "../snowflake.ts";
import {
  col,
  detach,
  field,
  indexedValueProblem,
  longItemProblem,
  parseCount,
  problem,
  SCREEN_NAME_PREFIX,
  type ColumnIndex,
  type CsvFormat,
  type CsvRowMapper,
  type FormatContext,
  type RowProblem,
} from "./common.ts";
import { fiveThirtyEightPostKind, quotedTweet, retweetedTweet } from "./fivethirtyeight-shares.ts";
import { idProblem, isDigits, screenNameId } from "./ids.ts";
import { parseDateTime, timeProblem, type ParsedTime } from "./times.ts";

export const FIVETHIRTYEIGHT_COLUMNS =
  "external_author_id, author, content, region, language, publish_date, harvested_date, following, followers, updates, " +
  "post_type, account_type, retweet, account_category, new_june_2018, alt_external_id, tweet_id, article_url, " +
  "tco1_step1, tco2_step1, tco3_step1 (or a subset such as author_id, author, content, publish_date, post_type, retweet)";

export const fiveThirtyEightFormat: CsvFormat = {
  name: "fivethirtyeight",
  expectedColumns: FIVETHIRTYEIGHT_COLUMNS,
  matches(columns) {
    return columns.has("publish_date") && columns.has("content");
  },
  missingColumns(columns) {
    const missing: string[] = [];
    if (!columns.has("publish_date")) missing.push("publish_date");
    if (!["alt_external_id", "external_author_id", "author_id", "author", "article_url"].some((name) => columns.has(name))) {
      missing.push("author (or external_author_id, alt_external_id, author_id)");
    }
    return missing;
  },
  bind: bindFiveThirtyEight,
};

const ARTICLE_URL = /twitter\.com\/(?:#!\/)?(\d+)\/status(?:es)?\/(\d+)/;
/** A screen name as Twitter allows it: the split-by-author copy's `author_id` is one (or `<name><id>` for a few). */
const SCREEN_NAME = /^[A-Za-z0-9_]{1,15}$/;

function bindFiveThirtyEight(columns: ColumnIndex, context: FormatContext): CsvRowMapper {
  const cAlt = col(columns, "alt_external_id");
  const cExternal = col(columns, "external_author_id", "author_id");
  const externalName = cExternal >= 0 && columns.get("external_author_id") === cExternal ? "external_author_id" : "author_id";
  const cAuthor = col(columns, "author");
  const cContent = col(columns, "content");
  const cLanguage = col(columns, "language");
  const cDate = col(columns, "publish_date");
  const cFollowing = col(columns, "following");
  const cFollowers = col(columns, "followers");
  const cPostType = col(columns, "post_type");
  const cRetweet = col(columns, "retweet");
  const cCategory = col(columns, "account_category");
  const cType = col(columns, "account_type");
  const cTweetId = col(columns, "tweet_id");
  const cArticle = col(columns, "article_url");
  const cTco = [col(columns, "tco1_step1"), col(columns, "tco2_step1"), col(columns, "tco3_step1")].filter((i) => i >= 0);
  const hasIdColumns = cAlt >= 0 || cExternal >= 0 || cArticle >= 0;
  const parsed: ParsedTime = { ms: 0, precision: "min" };

  return (fields, sink) => {
    const article = cArticle >= 0 ? ARTICLE_URL.exec(field(fields, cArticle)) : null;
    const author = field(fields, cAuthor);

    const account = resolveAccountId(fields, cAlt, cExternal, externalName, article, author, hasIdColumns);
    if (typeof account !== "string") return account;
    const screenName = author !== "" ? author : account.startsWith(SCREEN_NAME_PREFIX) ? field(fields, cExternal) : "";

    const dateText = field(fields, cDate);
    if (dateText === "") return problem("publish_date", "empty publish_date");
    if (!parseDateTime(dateText, parsed)) return problem("publish_date", `publish_date "${dateText}" is not a date-time`);
    let time = parsed.ms;
    let precision: TimePrecision = parsed.precision;

    const content = field(fields, cContent);
    const rawTweetId = field(fields, cTweetId);
    let id: string;
    let snowflake = false;
    if (isDigits(rawTweetId)) {
      id = detach(rawTweetId);
      snowflake = true;
    } else if (rawTweetId !== "" && idProblem(rawTweetId) === undefined) {
      id = detach(rawTweetId);
    } else if (article !== null && (rawTweetId === "" || roundedAgrees(rawTweetId, article[2]))) {
      id = detach(article[2]);
      snowflake = true;
    } else if (rawTweetId !== "") {
      return problem("tweet_id", idProblem(rawTweetId) ?? `tweet_id "${rawTweetId}" disagrees with article_url`);
    } else {
      const who = author === "" ? account : author.toLowerCase();
      id = "538:" + createHash("sha1").update(`${who}\n${time}\n${content}`).digest("hex");
    }
    if (snowflake && precision !== "ms") {
      const precise = preciseTimeMs(id, time, precision === "min" ? 60_000 : 1_000);
      if (precise !== undefined) {
        time = precise;
        precision = "ms";
      }
    }
    const badTime = timeProblem(time, context.maxTimeMs);
    if (badTime !== undefined) return problem("publish_date", badTime);

    const followers = parseCount(field(fields, cFollowers));
    if (Number.isNaN(followers)) return problem("followers", `followers "${field(fields, cFollowers)}" is not a count`);
    const following = parseCount(field(fields, cFollowing));
    if (Number.isNaN(following)) return problem("following", `following "${field(fields, cFollowing)}" is not a count`);

    const kind = fiveThirtyEightPostKind(field(fields, cPostType), field(fields, cRetweet));

    const urls: string[] = [];
    let urlsFrom = "content";
    for (const i of cTco) {
      const url = field(fields, i);
      if (url !== "") urls.push(detach(url));
    }
    if (urls.length > 0) urlsFrom = "tco1_step1";
    else if (content.indexOf("http") !== -1) extractUrls(content, urls);
    const hashtags = content.indexOf("#") === -1 && content.indexOf("＃") === -1 ? [] : extractHashtags(content);
    const longName = indexedValueProblem("author", author);
    if (longName !== undefined) return problem("author", longName);
    const tooLong = longItemProblem("content", "a hashtag", hashtags) ?? longItemProblem(urlsFrom, "a URL", urls);
    if (tooLong !== undefined) return tooLong;

    const original = kind === "retweet" ? retweetedTweet(content) : undefined;
    const quoted = kind === "quote" && urlsFrom === "tco1_step1" ? quotedTweet(urls, id) : undefined;
    sink.tweet({
      id,
      accountId: account,
      time,
      timePrecision: precision,
      text: content === "" ? undefined : content,
      language: field(fields, cLanguage) || undefined,
      client: undefined,
      isRetweet: kind === "retweet",
      retweetOfId: original?.id,
      retweetOfAccountId: original?.accountId,
      retweetOfText: original?.text,
      quotesId: quoted?.id,
      quotesAccountId: quoted?.accountId,
      hashtags,
      urls,
      mentions: content.indexOf("@") === -1 && content.indexOf("＠") === -1 ? [] : extractMentions(content),
    });
    sink.account({
      id: account,
      screenName: screenName || undefined,
      followers,
      following,
      hashed: false,
      accountCategory: field(fields, cCategory) || undefined,
      accountType: field(fields, cType) || undefined,
    });
    return undefined;
  };
}

function resolveAccountId(
  fields: readonly string[],
  cAlt: number,
  cExternal: number,
  externalName: string,
  article: RegExpExecArray | null,
  author: string,
  hasIdColumns: boolean,
): string | RowProblem {
  const alt = field(fields, cAlt);
  if (alt !== "" && isDigits(alt)) return detach(alt);
  const external = field(fields, cExternal);
  if (external !== "" && isDigits(external) && !isFloatRounded(external)) return detach(external);
  if (externalName === "author_id" && !isDigits(external) && SCREEN_NAME.test(external)) return screenNameId(external);
  if (external !== "" && !isDigits(external) && idProblem(external) === undefined) return detach(external);
  if (article !== null) {
    const fromArticle = article[1];
    if ((alt === "" || roundedAgrees(alt, fromArticle)) && (external === "" || roundedAgrees(external, fromArticle))) {
      return detach(fromArticle);
    }
    return problem(alt !== "" ? "alt_external_id" : externalName, "the account id disagrees with article_url");
  }
  if (alt !== "") return problem("alt_external_id", idProblem(alt) ?? `alt_external_id "${alt}" is not an id`);
  if (external !== "") {
    return problem(
      externalName,
      idProblem(external) ?? `${externalName} "${external}" is float-rounded (precision lost) and there is no alt_external_id or article_url`,
    );
  }
  if (author !== "") return screenNameId(author);
  return problem(hasIdColumns ? "alt_external_id" : "author", "empty account id and author");
}

/**
 * An id printed from a double: 16+ digits ending in "00" (FiveThirtyEight's `external_author_id`).
 * Ids above 2^53 lose their last digits in a double, and shortest-repr printing pads with zeros.
 */
export function isFloatRounded(id: string): boolean {
  return id.length >= 16 && id.endsWith("00");
}

/**
 * Whether a rounded id (`9.1458E+17`, `906000000000000000`) is `exact` rounded to the digits it kept:
 * used to check an id recovered from `article_url` against the damaged column, never to guess one.
 */
export function roundedAgrees(rounded: string, exact: string): boolean {
  let significant: string;
  let digits: number;
  const scientific = /^(\d)(?:\.(\d*))?[eE]\+?(\d+)$/.exec(rounded);
  if (scientific !== null) {
    significant = (scientific[1] + (scientific[2] ?? "")).replace(/0+$/, "") || "0";
    digits = Number(scientific[3]) + 1;
  } else if (/^\d+(\.0*)?$/.test(rounded)) {
    const integer = rounded.replace(/\.0*$/, "");
    significant = integer.replace(/0+$/, "") || "0";
    digits = integer.length;
  } else {
    return false;
  }
  if (exact.length !== digits || !isDigits(exact)) return false;
  const n = significant.length;
  if (n >= exact.length) return exact.startsWith(significant);
  let prefix = BigInt(exact.slice(0, n));
  if (exact.charCodeAt(n) >= 53 /* '5' */) prefix += 1n;
  // Excel shows 15 significant digits but the display rounds; allow truncation as well.
  return prefix.toString() === significant || exact.startsWith(significant);
}

const HASHTAG = /(?<![\p{L}\p{N}_&#＃])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;
const MENTION = /(?<![A-Za-z0-9_@＠])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/g;
/** A mention in an IO release's text: a screen name, or the 64-hex or base64 hash that replaced it. */
const MENTION_OR_HASH = /(?<![A-Za-z0-9_@＠])[@＠]([0-9a-f]{64}|[A-Za-z0-9+/]{42,43}={1,2}|[A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@+/=])/g;
const URL = /https?:\/\/[^\s"<>]+/g;

/** Hashtags written in a tweet's text, lower-cased and without '#' (all-digit tags are not hashtags). */
export function extractHashtags(text: string): string[] {
  const tags: string[] = [];
  for (const m of text.matchAll(HASHTAG)) {
    const tag = m[1];
    if (!/^\d+$/.test(tag)) tags.push(detach(tag.toLowerCase()));
  }
  return tags;
}

/**
 * Mentions written in a tweet's text, as `name:<lower-cased screen name>` ids. With `hashes`, a
 * 64-hex or base64 hash standing in for a screen name (IO releases) counts as one too.
 */
export function extractMentions(text: string, options: { hashes?: boolean } = {}): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(options.hashes ? MENTION_OR_HASH : MENTION)) ids.push(screenNameId(m[1]));
  return ids;
}

/** Links written in a tweet's text; a link cut by truncation (`https://t.co/abc…`) is dropped. */
export function extractUrls(text: string, into: string[]): string[] {
  for (const m of text.matchAll(URL)) {
    const url = m[0].replace(/[).,;:!?'"\]]+$/, "");
    if (url.includes("…") || url.length <= 8) continue;
    into.push(detach(url));
  }
  return into;
}
