/**
 * CooRTweet "shares": `object_id, account_id, content_id, timestamp_share`, one share per row
 * (Righetti & Balluff, CooRTweet; `prep_data()` output). The file does not say what the object is,
 * so the caller names it (`objectKind`, default "retweet"): each row becomes the tweet
 * `content_id` by `account_id` at `timestamp_share` (Unix seconds, precision "s") that
 * - retweet: retweets tweet `object_id` (`retweetOfId`, `isRetweet`);
 * - hashtag: uses hashtag `object_id`;  url: links `object_id`;  mention: mentions account `object_id`;
 * - domain: links domain `object_id` (`domains`; the writer links the domain's root page);
 * - reply: replies to tweet `object_id`.
 * One content can share several objects (several hashtags, or CooRTweet's own sample, where 40
 * `content_id`s appear twice): each row is its own record and the writer merges by tweet id.
 */
import {
  col,
  detach,
  field,
  indexedValueProblem,
  problem,
  type CsvFormat,
  type CsvRowMapper,
  type ColumnIndex,
  type FormatContext,
} from "./common.ts";
import { idProblem, isDigits } from "./ids.ts";
import { normalizeHashtag } from "./lists.ts";
import { timeProblem } from "./times.ts";
import type { TweetRecord } from "../../model.ts";

export const SHARES_COLUMNS = "object_id, account_id, content_id, timestamp_share";

const REQUIRED = ["object_id", "account_id", "content_id", "timestamp_share"];

export const sharesFormat: CsvFormat = {
  name: "shares",
  expectedColumns: SHARES_COLUMNS,
  matches(columns) {
    return REQUIRED.every((name) => columns.has(name));
  },
  missingColumns(columns) {
    return REQUIRED.filter((name) => !columns.has(name));
  },
  bind: bindShares,
};

/**
 * Unix seconds (`1623881091`, or `1623881091.25` with a fraction): ms, or NaN when unreadable.
 * Fractional seconds give millisecond precision.
 */
function parseUnixSeconds(text: string): number {
  const dot = text.indexOf(".");
  if (dot === -1) return isDigits(text) && text.length <= 12 ? Number(text) * 1000 : NaN;
  const whole = text.slice(0, dot);
  const fraction = text.slice(dot + 1);
  if (!isDigits(whole) || whole.length > 12 || (fraction !== "" && !isDigits(fraction))) return NaN;
  return Number(whole) * 1000 + Math.round(Number(("0." + fraction).slice(0, 6)) * 1000);
}

function bindShares(columns: ColumnIndex, context: FormatContext): CsvRowMapper {
  const cObject = col(columns, "object_id");
  const cAccount = col(columns, "account_id");
  const cContent = col(columns, "content_id");
  const cTime = col(columns, "timestamp_share");
  const kind = context.objectKind;
  return (fields, sink) => {
    const objectId = field(fields, cObject);
    const accountId = field(fields, cAccount);
    const contentId = field(fields, cContent);
    const timeText = field(fields, cTime);
    if (objectId === "") return problem("object_id", "empty object_id");
    let reason = idProblem(contentId);
    if (reason !== undefined) return problem("content_id", reason);
    reason = idProblem(accountId);
    if (reason !== undefined) return problem("account_id", reason);
    if (kind === "retweet" || kind === "reply") {
      reason = idProblem(objectId);
      if (reason !== undefined) return problem("object_id", reason);
    }
    reason = indexedValueProblem("object_id", objectId);
    if (reason !== undefined) return problem("object_id", reason);
    if (timeText === "") return problem("timestamp_share", "empty timestamp_share");
    const negative = timeText.charCodeAt(0) === 45;
    const time = parseUnixSeconds(negative ? timeText.slice(1) : timeText);
    if (Number.isNaN(time)) {
      const hint = /^-?\d{13,}(\.\d*)?$/.test(timeText) ? " (milliseconds instead of seconds?)" : "";
      return problem("timestamp_share", `timestamp_share "${timeText}" is not Unix seconds${hint}`);
    }
    const badTime = timeProblem(negative ? -time : time, context.maxTimeMs);
    if (badTime !== undefined) {
      const hint = !negative && time / 1000 > 1e11 ? " (milliseconds instead of seconds?)" : "";
      return problem("timestamp_share", badTime + hint);
    }
    const account = detach(accountId);
    const object = detach(objectId);
    const tweet: TweetRecord = {
      id: detach(contentId),
      accountId: account,
      time,
      timePrecision: time % 1000 === 0 ? "s" : "ms",
      isRetweet: kind === "retweet",
      retweetOfId: kind === "retweet" ? object : undefined,
      replyToId: kind === "reply" ? object : undefined,
      hashtags: kind === "hashtag" ? [normalizeHashtag(object)] : [],
      urls: kind === "url" ? [object] : [],
      mentions: kind === "mention" ? [object] : [],
    };
    if (kind === "domain") tweet.domains = [object.toLowerCase()];
    sink.tweet(tweet);
    sink.account({ id: account, hashed: !isDigits(account) });
    return undefined;
  };
}
