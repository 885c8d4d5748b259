/**
 * Twitter API v2 responses: twarc2 pages (`data` + `includes.users/tweets`) and single tweets,
 * twarc2-flattened ones included (`author` and whole `referenced_tweets` embedded). A page's
 * includes name the authors of referenced tweets and resolve mentions that carry only a username;
 * otherwise such an account gets `name:<lower-cased username>` (as does the author of a retweeted
 * original outside the page, named by the retweet's `RT @name:`), which the load resolves to the
 * archive's account of that name (cypher/load-resolve-screen-names.cypher).
 */
import type { AccountRecord, TweetRecord } from "../../model.ts";
import { problem, tweetIndexProblem, type FormatContext, type JsonObjectMapper, type JsonRecordSink, type RowProblem } from "./common.ts";
import { screenNameId } from "./ids.ts";
import { normalizeHashtag } from "./lists.ts";
import { parseCalendarDate } from "./times.ts";
import { accountIndexProblem, addAccount, arr, count, isObject, MAX_EMBEDDED_DEPTH, obj, str, tweetTime, type Json } from "./twitter-json-fields.ts";

const RETWEETED_NAME = /^RT @([A-Za-z0-9_]{1,15}):/;

/** A v2 response page: it has `data` (a page with only `errors`/`meta` holds no tweets). */
export function isV2Page(value: Json): boolean {
  return "data" in value;
}

/** A single v2 tweet: `author_id`, an `author` object, or v2's id + text + created_at. */
export function isV2Tweet(value: Json): boolean {
  return "author_id" in value || isObject(value.author) || ("id" in value && "text" in value && "created_at" in value);
}

/**
 * Maps v2 pages and single v2 tweets: each one's records go to the sink, each problem (a tweet's
 * or an included user's, which rejects only that one) to `reject`.
 *
 * @example
 * const map = bindTwitterV2({ maxTimeMs: Date.now(), objectKind: "retweet" });
 * map({ data: [tweet], includes: { users: [author] } }, sink, (problem) => rejects.push(problem));
 */
export function bindTwitterV2(context: FormatContext): JsonObjectMapper {
  return (value, sink, reject) => {
    if (isV2Page(value)) {
      if (isObject(value.data) || Array.isArray(value.data)) v2Page(value, sink, reject, context.maxTimeMs);
      return;
    }
    const p = v2Tweet(value, emptyIndex, sink, reject, context.maxTimeMs, false, "");
    if (p !== undefined) reject(p);
  };
}

interface PageIndex {
  userIdByName: Map<string, string>;
  authorByTweet: Map<string, string>;
}
const emptyIndex: PageIndex = { userIdByName: new Map(), authorByTweet: new Map() };

function v2Account(user: Json, id: string): AccountRecord {
  const metrics = obj(user, "public_metrics");
  const created = str(user, "created_at");
  const createdAt = created === undefined ? undefined : parseCalendarDate(created);
  const urlEntity = arr(obj(obj(user, "entities") ?? {}, "url"), "urls")[0];
  return {
    id,
    screenName: str(user, "username"),
    displayName: str(user, "name"),
    location: str(user, "location"),
    description: str(user, "description"),
    profileUrl: (isObject(urlEntity) ? str(urlEntity, "expanded_url") : undefined) ?? str(user, "url"),
    followers: count(metrics, "followers_count"),
    following: count(metrics, "following_count"),
    createdAt: createdAt ?? undefined,
    language: undefined,
    hashed: false,
  };
}

function v2Tweet(
  t: Json,
  index: PageIndex,
  sink: JsonRecordSink,
  reject: (p: RowProblem) => void,
  maxTimeMs: number,
  embedded: boolean,
  path: string,
  depth = 0,
): RowProblem | undefined {
  if (depth > MAX_EMBEDDED_DEPTH) return problem(path.slice(0, -1), `tweets embedded more than ${MAX_EMBEDDED_DEPTH} deep`);
  const id = str(t, "id");
  if (id === undefined) return problem(path + "id", "missing id");
  const author = obj(t, "author");
  const accountId = str(t, "author_id") ?? str(author, "id");
  if (accountId === undefined) return problem(path + "author_id", "missing author_id");
  const when = tweetTime(str(t, "created_at"), undefined, id, path, maxTimeMs);
  if ("reason" in when) return when;

  let retweetOfId: string | undefined;
  let retweetOfAccountId: string | undefined;
  let replyToId: string | undefined;
  let replyToAccountId = str(t, "in_reply_to_user_id");
  let quotesId: string | undefined;
  let quotesAccountId: string | undefined;
  const referenced: Json[] = [];
  for (const ref of arr(t, "referenced_tweets")) {
    if (!isObject(ref)) continue;
    const refId = str(ref, "id");
    if (refId === undefined) continue;
    const refAuthor = str(ref, "author_id") ?? str(obj(ref, "author"), "id") ?? index.authorByTweet.get(refId);
    const type = str(ref, "type");
    if (type === "retweeted") {
      retweetOfId = refId;
      retweetOfAccountId = refAuthor;
    } else if (type === "quoted") {
      quotesId = refId;
      quotesAccountId = refAuthor;
    } else if (type === "replied_to") {
      replyToId = refId;
      replyToAccountId ??= refAuthor;
    }
    // twarc2-flattened files embed the whole referenced tweet.
    if (ref.created_at !== undefined && (ref.author_id !== undefined || ref.author !== undefined)) referenced.push(ref);
  }

  const entities = obj(t, "entities");
  const hashtags: string[] = [];
  for (const h of arr(entities, "hashtags")) if (isObject(h) && typeof h.tag === "string") hashtags.push(normalizeHashtag(h.tag));
  const urls: string[] = [];
  for (const u of arr(entities, "urls")) {
    if (!isObject(u)) continue;
    const url = str(u, "unwound_url") ?? str(u, "expanded_url") ?? str(u, "url");
    if (url !== undefined) urls.push(url);
  }
  // A retweet whose original is not in the page names its author only in its text: "RT @name: ...".
  const text = str(obj(t, "note_tweet"), "text") ?? str(t, "text");
  if (retweetOfId !== undefined && retweetOfAccountId === undefined && text !== undefined) {
    const name = RETWEETED_NAME.exec(text)?.[1];
    if (name !== undefined) retweetOfAccountId = index.userIdByName.get(name.toLowerCase()) ?? screenNameId(name);
  }
  const mentions: string[] = [];
  for (const m of arr(entities, "mentions")) {
    if (!isObject(m)) continue;
    const username = str(m, "username");
    const mentioned = str(m, "id") ?? (username === undefined ? undefined : index.userIdByName.get(username.toLowerCase()) ?? screenNameId(username));
    if (mentioned !== undefined) mentions.push(mentioned);
    // Flattened files expand the mentioned user in place.
    if (str(m, "id") !== undefined && username !== undefined && m.created_at !== undefined) {
      addAccount(sink, reject, v2Account(m, str(m, "id")!), `${path}entities.mentions[${mentions.length - 1}].`, "username");
    }
  }
  const metrics = obj(t, "public_metrics");
  const tweet: TweetRecord = {
    id,
    accountId,
    time: when.time,
    timePrecision: when.precision,
    text,
    language: str(t, "lang"),
    client: str(t, "source"),
    isRetweet: retweetOfId !== undefined,
    retweetOfId,
    retweetOfAccountId,
    replyToId,
    replyToAccountId,
    quotesId,
    quotesAccountId,
    hashtags,
    urls,
    mentions,
    likeCount: count(metrics, "like_count"),
    retweetCount: count(metrics, "retweet_count"),
    replyCount: count(metrics, "reply_count"),
    quoteCount: count(metrics, "quote_count"),
  };
  const authorAccount = author === undefined ? undefined : v2Account(author, accountId);
  const tooLong = tweetIndexProblem(tweet, path) ?? (authorAccount === undefined ? undefined : accountIndexProblem(authorAccount, path + "author.", "username"));
  if (tooLong !== undefined) return tooLong;
  if (embedded) sink.embeddedTweet(tweet);
  else sink.tweet(tweet);
  if (authorAccount !== undefined) sink.account(authorAccount);
  const replyUser = obj(t, "in_reply_to_user");
  const replyUserId = str(replyUser, "id");
  if (replyUser !== undefined && replyUserId !== undefined) addAccount(sink, reject, v2Account(replyUser, replyUserId), path + "in_reply_to_user.", "username");
  for (let k = 0; k < referenced.length; k++) {
    const p = v2Tweet(referenced[k], index, sink, reject, maxTimeMs, true, `${path}referenced_tweets[${k}].`, depth + 1);
    if (p !== undefined) reject(p);
  }
  return undefined;
}

function v2Page(page: Json, sink: JsonRecordSink, reject: (p: RowProblem) => void, maxTimeMs: number): void {
  const includes = obj(page, "includes");
  const index: PageIndex = { userIdByName: new Map(), authorByTweet: new Map() };
  const users = arr(includes, "users");
  for (let k = 0; k < users.length; k++) {
    const user = users[k];
    if (!isObject(user)) continue;
    const id = str(user, "id");
    if (id === undefined) {
      reject(problem(`includes.users[${k}].id`, "missing id"));
      continue;
    }
    const username = str(user, "username");
    if (username !== undefined) index.userIdByName.set(username.toLowerCase(), id);
    addAccount(sink, reject, v2Account(user, id), `includes.users[${k}].`, "username");
  }
  const included = arr(includes, "tweets");
  for (const t of included) {
    if (!isObject(t)) continue;
    const id = str(t, "id");
    const author = str(t, "author_id");
    if (id !== undefined && author !== undefined) index.authorByTweet.set(id, author);
  }
  const data = Array.isArray(page.data) ? page.data : [page.data];
  for (let k = 0; k < data.length; k++) {
    const t = data[k];
    if (!isObject(t)) continue;
    const p = v2Tweet(t, index, sink, reject, maxTimeMs, false, Array.isArray(page.data) ? `data[${k}].` : "data.");
    if (p !== undefined) reject(p);
  }
  for (let k = 0; k < included.length; k++) {
    const t = included[k];
    if (!isObject(t)) continue;
    const p = v2Tweet(t, index, sink, reject, maxTimeMs, true, `includes.tweets[${k}].`);
    if (p !== undefined) reject(p);
  }
}
