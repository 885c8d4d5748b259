/**
 * Twitter API v1.1 statuses, as the streaming API, `GET statuses/...` and twarc 1 save them: one
 * status yields its tweet and author, and the retweeted original and the quoted tweet it embeds
 * (with their authors), which is what co-retweet needs when the originals are outside the
 * collection. Mentions without an id get `name:<lower-cased screen name>` (ids.ts).
 */
import type { AccountRecord, TweetRecord } from "../../model.ts";
import { problem, tweetIndexProblem, type FormatContext, type JsonObjectMapper, type JsonRecordSink, type RowProblem } from "./common.ts";
import { screenNameId } from "./ids.ts";
import { normalizeHashtag } from "./lists.ts";
import { parseCalendarDate } from "./times.ts";
import { accountIndexProblem, arr, count, idOf, isObject, MAX_EMBEDDED_DEPTH, obj, plainId, str, tweetTime, type Json } from "./twitter-json-fields.ts";

/** A v1.1 status: it has `id_str` or a `user` object. */
export function isV1Status(value: Json): boolean {
  return "id_str" in value || isObject(value.user);
}

/**
 * Maps v1.1 statuses: each one's records go to the sink, each problem (the status's own, or an
 * embedded tweet's, which rejects only that tweet) to `reject`.
 *
 * @example
 * const map = bindTwitterV1({ maxTimeMs: Date.now(), objectKind: "retweet" });
 * map(JSON.parse(line), sink, (problem) => rejects.push(problem));
 */
export function bindTwitterV1(context: FormatContext): JsonObjectMapper {
  return (status, sink, reject) => {
    const p = v1Tweet(status, sink, reject, context.maxTimeMs, false, "");
    if (p !== undefined) reject(p);
  };
}

function v1Account(user: Json, id: string): AccountRecord {
  const created = str(user, "created_at");
  const createdAt = created === undefined ? undefined : parseCalendarDate(created);
  return {
    id,
    screenName: str(user, "screen_name"),
    displayName: str(user, "name"),
    location: str(user, "location"),
    description: str(user, "description"),
    profileUrl: str(user, "url"),
    followers: count(user, "followers_count"),
    following: count(user, "friends_count"),
    createdAt: createdAt ?? undefined,
    language: str(user, "lang"),
    hashed: false,
  };
}

function v1Tweet(
  o: Json,
  sink: JsonRecordSink,
  reject: (p: RowProblem) => void,
  maxTimeMs: number,
  embedded: boolean,
  path: string,
  depth = 0,
): RowProblem | undefined {
  if (depth > MAX_EMBEDDED_DEPTH) return problem(path.slice(0, -1), `tweets embedded more than ${MAX_EMBEDDED_DEPTH} deep`);
  const id = idOf(o, "id");
  if (id === undefined) return problem(path + "id_str", "missing id_str");
  if (typeof id !== "string") return problem(path + id.field, id.reason);
  const user = obj(o, "user");
  const accountId = idOf(user, "id");
  if (accountId === undefined) return problem(path + "user.id_str", "missing user.id_str");
  if (typeof accountId !== "string") return problem(path + "user." + accountId.field, accountId.reason);
  const when = tweetTime(str(o, "created_at"), str(o, "timestamp_ms"), id, path, maxTimeMs);
  if ("reason" in when) return when;

  const extended = obj(o, "extended_tweet");
  const entities = obj(extended ?? {}, "entities") ?? obj(o, "entities");
  const retweeted = obj(o, "retweeted_status");
  const quoted = obj(o, "quoted_status");
  const hashtags: string[] = [];
  for (const h of arr(entities, "hashtags")) if (isObject(h) && typeof h.text === "string") hashtags.push(normalizeHashtag(h.text));
  const urls: string[] = [];
  for (const u of arr(entities, "urls")) {
    if (!isObject(u)) continue;
    const url = str(u, "expanded_url") ?? str(u, "url");
    if (url !== undefined) urls.push(url);
  }
  const mentions: string[] = [];
  for (const m of arr(entities, "user_mentions")) {
    if (!isObject(m)) continue;
    const mentioned = plainId(m, "id") ?? (str(m, "screen_name") !== undefined ? screenNameId(str(m, "screen_name")!) : undefined);
    if (mentioned !== undefined) mentions.push(mentioned);
  }
  const source = str(o, "source");
  const tweet: TweetRecord = {
    id,
    accountId,
    time: when.time,
    timePrecision: when.precision,
    text: str(extended ?? {}, "full_text") ?? str(o, "full_text") ?? str(o, "text"),
    language: str(o, "lang"),
    client: source === undefined ? undefined : source.replace(/<[^>]*>/g, ""),
    isRetweet: retweeted !== undefined,
    retweetOfId: retweeted === undefined ? undefined : plainId(retweeted, "id"),
    retweetOfAccountId: retweeted === undefined ? undefined : plainId(obj(retweeted, "user"), "id"),
    replyToId: plainId(o, "in_reply_to_status_id"),
    replyToAccountId: plainId(o, "in_reply_to_user_id"),
    quotesId: plainId(o, "quoted_status_id") ?? (quoted === undefined ? undefined : plainId(quoted, "id")),
    quotesAccountId: quoted === undefined ? undefined : plainId(obj(quoted, "user"), "id"),
    hashtags,
    urls,
    mentions,
    likeCount: count(o, "favorite_count"),
    retweetCount: count(o, "retweet_count"),
    replyCount: count(o, "reply_count"),
    quoteCount: count(o, "quote_count"),
  };
  const account = v1Account(user!, accountId);
  const tooLong = tweetIndexProblem(tweet, path) ?? accountIndexProblem(account, path + "user.", "screen_name");
  if (tooLong !== undefined) return tooLong;
  if (embedded) sink.embeddedTweet(tweet);
  else sink.tweet(tweet);
  sink.account(account);
  if (retweeted !== undefined) {
    const p = v1Tweet(retweeted, sink, reject, maxTimeMs, true, path + "retweeted_status.", depth + 1);
    if (p !== undefined) reject(p);
  }
  if (quoted !== undefined) {
    const p = v1Tweet(quoted, sink, reject, maxTimeMs, true, path + "quoted_status.", depth + 1);
    if (p !== undefined) reject(p);
  }
  return undefined;
}
