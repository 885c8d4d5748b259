/**
 * Reading Twitter API JSON objects, whatever their version: typed field access that tolerates
 * missing and mistyped fields, ids from the `*_str` fields (a 64-bit id that only exists as a JSON
 * number has lost its last digits in JSON.parse and is rejected), tweet times, and accounts checked
 * against Neo4j's index limit. Shared by the v1.1 and v2 mappers (twitter-v1.ts, twitter-v2.ts).
 */
import type { AccountRecord, TimePrecision } from "../../model.ts";
import { preciseTimeMs } from "../snowflake.ts";
import { indexedValueProblem, problem, type JsonRecordSink, type RowProblem } from "./common.ts";
import { parseDateTime, parseTwitterDate, timeProblem, type ParsedTime } from "./times.ts";

/** One JSON object as JSON.parse gives it. */
export type Json = Record<string, unknown>;

/**
 * How deep tweets may embed tweets (a retweet of a quote is 2): real responses stay far below; a
 * crafted value nested thousands deep would otherwise overflow the stack of the recursive mappers.
 */
export const MAX_EMBEDDED_DEPTH = 8;

const scratchTime: ParsedTime = { ms: 0, precision: "s" };

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
export function obj(o: Json, key: string): Json | undefined {
  const v = o[key];
  return isObject(v) ? v : undefined;
}
export function arr(o: Json | undefined, key: string): unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : [];
}
export function str(o: Json | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}
export function count(o: Json | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}
/** `<key>_str` when present, else `<key>` when a string or a number JSON.parse kept exactly. */
export function idOf(o: Json | undefined, key: string): string | undefined | RowProblem {
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
export function accountIndexProblem(account: AccountRecord, path: string, nameKey: string): RowProblem | undefined {
  const reason = indexedValueProblem("an id", account.id);
  if (reason !== undefined) return problem(path + "id", reason);
  const nameReason = account.screenName === undefined ? undefined : indexedValueProblem("a screen name", account.screenName);
  return nameReason === undefined ? undefined : problem(path + nameKey, nameReason);
}
/** Adds an account unless it cannot be indexed, which is reported instead. */
export function addAccount(sink: JsonRecordSink, reject: (p: RowProblem) => void, account: AccountRecord, path: string, nameKey: string): void {
  const tooLong = accountIndexProblem(account, path, nameKey);
  if (tooLong !== undefined) reject(tooLong);
  else sink.account(account);
}
export function plainId(o: Json | undefined, key: string): string | undefined {
  const id = idOf(o, key);
  return typeof id === "string" ? id : undefined;
}

/**
 * A tweet's time: `timestamp_ms` (streaming) gives milliseconds; `created_at` gives seconds, refined
 * to the millisecond by the snowflake id when the two agree. Times after `maxTimeMs` are rejected.
 */
export function tweetTime(
  createdAt: string | undefined,
  timestampMs: string | undefined,
  id: string,
  path: string,
  maxTimeMs: number,
): { time: number; precision: TimePrecision } | RowProblem {
  let time: number;
  let precision: TimePrecision = "s";
  if (timestampMs !== undefined && /^\d{1,15}$/.test(timestampMs)) {
    time = Number(timestampMs);
    precision = "ms";
  } else if (createdAt !== undefined) {
    time = parseTwitterDate(createdAt);
    if (Number.isNaN(time)) {
      if (!parseDateTime(createdAt, scratchTime)) return problem(path + "created_at", `created_at "${createdAt}" is not a date-time`);
      time = scratchTime.ms;
    }
    const precise = preciseTimeMs(id, time, 1_000);
    if (precise !== undefined) {
      time = precise;
      precision = "ms";
    }
  } else {
    return problem(path + "created_at", "missing created_at");
  }
  const bad = timeProblem(time, maxTimeMs);
  return bad === undefined ? { time, precision } : problem(path + "created_at", bad);
}
