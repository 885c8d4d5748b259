/**
 * Twitter API JSON, as collectors save it: v1.1 statuses (streaming API, `GET statuses/...`,
 * twarc 1) and v2 responses (twarc2 pages: `data` + `includes.users/tweets`; twarc2-flattened
 * tweets with `author` and full `referenced_tweets` embedded). One value may yield several tweets:
 * a retweet's original and a quote's quoted tweet are tweets too, with their authors as accounts,
 * which is what co-retweet needs when the originals are outside the collection.
 *
 * Time: `timestamp_ms` (streaming) gives milliseconds; `created_at` gives seconds, refined to the
 * millisecond by the snowflake id when the two agree. Ids come from the `*_str` fields: a 64-bit id
 * that only exists as a JSON number has lost its last digits in JSON.parse and is rejected.
 * v2 mentions that carry only a username are resolved through `includes.users`, else get
 * `name:<lower-cased username>` (as does the author of a retweeted original outside the page, named by
 * the retweet's `RT @name:`), which the load resolves to the archive's account of that name
 * (cypher/load-resolve-screen-names.cypher). Stream control messages (`delete`, `limit`, ...) are skipped.
 */
import type { AccountRecord, TimePrecision, TweetRecord } from "../../model.ts";
import { preciseTimeMs } from "../snowflake.ts";
import {
  indexedValueProblem,
  normalizeHashtag,
  parseCalendarDate,
  parseDateTime,
  parseTwitterDate,
  problem,
  screenNameId,
  timeProblem,
  tweetIndexProblem,
  type FormatContext,
  type ParsedTime,
  type RecordSink,
  type RowProblem,
} from "./common.ts";

type Json = Record<string, unknown>;

/** Where the JSON mapper puts records; embedded tweets (originals, quoted) may be de-duplicated. */
export interface JsonRecordSink extends RecordSink {
  embeddedTweet(tweet: TweetRecord): void;
}

/** A value's records went to the sink; each problem found (the value's or an embedded tweet's) is reported. */
export type JsonValueMapper = (value: unknown, sink: JsonRecordSink, reject: (problem: RowProblem) => void) => void;

/**
 * How deep tweets may embed tweets (a retweet of a quote is 2) and arrays may nest (a page of
 * statuses is 1): real responses stay far below; a crafted value nested thousands deep would
 * otherwise overflow the stack of these recursive mappers.
 */
const MAX_EMBEDDED_DEPTH = 8;
const MAX_ARRAY_DEPTH = 2;

const RETWEETED_NAME = /^RT @([A-Za-z0-9_]{1,15}):/;

/** Stream messages that are not tweets and not errors. */
const CONTROL_KEYS = ["delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect", "warning", "friends", "event"];

export function bindTwitterJson(context: FormatContext): JsonValueMapper {
  const parsed: ParsedTime = { ms: 0, precision: "s" };

  function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
  }
  function obj(o: Json, key: string): Json | undefined {
    const v = o[key];
    return isObject(v) ? v : undefined;
  }
  function arr(o: Json | undefined, key: string): unknown[] {
    const v = o?.[key];
    return Array.isArray(v) ? v : [];
  }
  function str(o: Json | undefined, key: string): string | undefined {
    const v = o?.[key];
    return typeof v === "string" && v !== "" ? v : undefined;
  }
  function count(o: Json | undefined, key: string): number | undefined {
    const v = o?.[key];
    return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
  }
  /** `<key>_str` when present, else `<key>` when a string or a number JSON.parse kept exactly. */
  function idOf(o: Json | undefined, key: string): string | undefined | RowProblem {
    if (o === undefined) return undefined;
    const s = str(o, key + "_str");
    if (s !== undefined) return s;
    const v = o[key];
    if (typeof v === "string") return v === "" ? undefined : v;
    if (typeof v === "number") {
      return Number.isSafeInteger(v) && v >= 0 ? String(v) : problem(key, `${key} only given as a JSON number beyond 2^53: its last digits are lost`);
    }
    return undefined;
  }
  /** An account whose id or screen name is too long to index, as a problem at `path` (its JSON object). */
  function accountIndexProblem(account: AccountRecord, path: string, nameKey: string): RowProblem | undefined {
    const reason = indexedValueProblem("an id", account.id);
    if (reason !== undefined) return problem(path + "id", reason);
    const nameReason = account.screenName === undefined ? undefined : indexedValueProblem("a screen name", account.screenName);
    return nameReason === undefined ? undefined : problem(path + nameKey, nameReason);
  }
  /** Adds an account unless it cannot be indexed, which is reported instead. */
  function addAccount(sink: JsonRecordSink, reject: (p: RowProblem) => void, account: AccountRecord, path: string, nameKey: string): void {
    const tooLong = accountIndexProblem(account, path, nameKey);
    if (tooLong !== undefined) reject(tooLong);
    else sink.account(account);
  }
  function plainId(o: Json | undefined, key: string): string | undefined {
    const id = idOf(o, key);
    return typeof id === "string" ? id : undefined;
  }

  function tweetTime(
    createdAt: string | undefined,
    timestampMs: string | undefined,
    id: string,
    path: string,
  ): { time: number; precision: TimePrecision } | RowProblem {
    let time: number;
    let precision: TimePrecision = "s";
    if (timestampMs !== undefined && /^\d{1,15}$/.test(timestampMs)) {
      time = Number(timestampMs);
      precision = "ms";
    } else if (createdAt !== undefined) {
      time = parseTwitterDate(createdAt);
      if (Number.isNaN(time)) {
        if (!parseDateTime(createdAt, parsed)) return problem(path + "created_at", `created_at "${createdAt}" is not a date-time`);
        time = parsed.ms;
      }
      const precise = preciseTimeMs(id, time, 1_000);
      if (precise !== undefined) {
        time = precise;
        precision = "ms";
      }
    } else {
      return problem(path + "created_at", "missing created_at");
    }
    const bad = timeProblem(time, context.maxTimeMs);
    return bad === undefined ? { time, precision } : problem(path + "created_at", bad);
  }

  // ---------------------------------------------------------------------------------------------
  // v1.1

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

  function v1Tweet(o: Json, sink: JsonRecordSink, reject: (p: RowProblem) => void, embedded: boolean, path: string, depth = 0): RowProblem | undefined {
    if (depth > MAX_EMBEDDED_DEPTH) return problem(path.slice(0, -1), `tweets embedded more than ${MAX_EMBEDDED_DEPTH} deep`);
    const id = idOf(o, "id");
    if (id === undefined) return problem(path + "id_str", "missing id_str");
    if (typeof id !== "string") return problem(path + id.field, id.reason);
    const user = obj(o, "user");
    const accountId = idOf(user, "id");
    if (accountId === undefined) return problem(path + "user.id_str", "missing user.id_str");
    if (typeof accountId !== "string") return problem(path + "user." + accountId.field, accountId.reason);
    const when = tweetTime(str(o, "created_at"), str(o, "timestamp_ms"), id, path);
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
      const p = v1Tweet(retweeted, sink, reject, true, path + "retweeted_status.", depth + 1);
      if (p !== undefined) reject(p);
    }
    if (quoted !== undefined) {
      const p = v1Tweet(quoted, sink, reject, true, path + "quoted_status.", depth + 1);
      if (p !== undefined) reject(p);
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // v2

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
    const when = tweetTime(str(t, "created_at"), undefined, id, path);
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
      const p = v2Tweet(referenced[k], index, sink, reject, true, `${path}referenced_tweets[${k}].`, depth + 1);
      if (p !== undefined) reject(p);
    }
    return undefined;
  }

  function v2Page(page: Json, sink: JsonRecordSink, reject: (p: RowProblem) => void): void {
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
      const p = v2Tweet(t, index, sink, reject, false, Array.isArray(page.data) ? `data[${k}].` : "data.");
      if (p !== undefined) reject(p);
    }
    for (let k = 0; k < included.length; k++) {
      const t = included[k];
      if (!isObject(t)) continue;
      const p = v2Tweet(t, index, sink, reject, true, `includes.tweets[${k}].`);
      if (p !== undefined) reject(p);
    }
  }

  function mapValue(value: unknown, sink: JsonRecordSink, reject: (p: RowProblem) => void, arrayDepth = 0): void {
    if (Array.isArray(value)) {
      if (arrayDepth >= MAX_ARRAY_DEPTH) {
        reject(problem(undefined, `arrays nested more than ${MAX_ARRAY_DEPTH} deep: expected tweets or API response pages`));
        return;
      }
      for (const item of value) mapValue(item, sink, reject, arrayDepth + 1);
      return;
    }
    if (!isObject(value)) {
      reject(problem(undefined, "expected a JSON object (a tweet or an API response page)"));
      return;
    }
    if ("data" in value) {
      if (isObject(value.data) || Array.isArray(value.data)) v2Page(value, sink, reject);
      // A page without data (only `errors`/`meta`) holds no tweets.
      return;
    }
    if ("id_str" in value || isObject(value.user)) {
      const p = v1Tweet(value, sink, reject, false, "");
      if (p !== undefined) reject(p);
      return;
    }
    if ("author_id" in value || isObject(value.author) || ("id" in value && "text" in value && "created_at" in value)) {
      const p = v2Tweet(value, emptyIndex, sink, reject, false, "");
      if (p !== undefined) reject(p);
      return;
    }
    if (CONTROL_KEYS.some((key) => key in value)) return;
    if ("errors" in value || "meta" in value) return;
    reject(problem(undefined, "not a tweet: no id_str/user (v1.1), author_id (v2) or data (v2 page)"));
  }

  return (value, sink, reject) => mapValue(value, sink, reject);
}
