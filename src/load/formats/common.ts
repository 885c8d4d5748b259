/**
 * What every format module shares: the format names, the contract between a tokenizer (CSV rows,
 * JSON values) and a format's row mapper, and the value parsers for ids, times, counts and lists.
 * Parsers return `undefined` for an empty value and a sentinel (NaN, `null`) for an invalid one,
 * so the hot path allocates nothing for good rows.
 */
import type { AccountRecord, TimePrecision, TweetRecord } from "../../model.ts";

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
// Ids

/**
 * Validated, detached account ids shared between rows. An archive repeats a few thousand authors
 * (and the accounts they retweet) millions of times: checking and copying each id once, and
 * handing every row the same string (whose hash V8 then caches), keeps the hot path lean.
 * Bounded: cleared when full.
 */
export class IdInterner {
  private readonly ids = new Map<string, string>();

  constructor(private readonly maxSize = 100_000) {}

  /** The shared copy of a valid id; undefined when the id is invalid (ask {@link idProblem} why). */
  intern(value: string): string | undefined {
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    if (idProblem(value) !== undefined) return undefined;
    if (this.ids.size >= this.maxSize) this.ids.clear();
    const copy = detach(value);
    this.ids.set(copy, copy);
    return copy;
  }
}

/** True for a non-empty string of ASCII digits. */
export function isDigits(value: string): boolean {
  const length = value.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Why an id field cannot be used, or undefined when it can. Accepts numeric ids, 64-hex and base64
 * hashes and other opaque tokens; refuses the shapes a spreadsheet leaves (`9.06E+17`,
 * `877919995476496385.0`): their precision is lost and guessing would merge distinct accounts.
 */
export function idProblem(value: string): string | undefined {
  const length = value.length;
  if (length === 0) return "empty id";
  if (length > 200) return "id longer than 200 characters";
  // Only digits, '.', 'e'/'E', '+' and '-' can make a spreadsheet number; hashes have other letters.
  let numberLike = true;
  let digitsOnly = true;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    digitsOnly = false;
    if (c === 46 || c === 69 || c === 101 || c === 43 || c === 45) continue;
    numberLike = false;
    if (c <= 32 || c === 44 || c === 34 || c === 0x7f) return `id contains ${c <= 32 ? "whitespace or a control character" : `'${value[i]}'`}`;
  }
  if (digitsOnly) return undefined;
  if (numberLike && isSpreadsheetNumber(value)) {
    return `id "${value}" was mangled by a spreadsheet (scientific or float notation loses the last digits)`;
  }
  return undefined;
}

/** `9.06E+17`, `1.01421e18`, `877919995476496385.0`, `9.0587E+17` */
function isSpreadsheetNumber(value: string): boolean {
  return /^\d+(\.\d*)?([eE][+-]?\d+)?$/.test(value);
}

/** Hashed ids replace the numeric userid of small accounts (64-hex SHA-256 or base64). */
export function isHashedId(id: string): boolean {
  return !isDigits(id);
}

// ---------------------------------------------------------------------------------------------
// Times

/** Reused result of {@link parseDateTime}. */
export interface ParsedTime {
  ms: number;
  /** The finest unit the text gave: "min" when the seconds were absent or zero (see parseDateTime). */
  precision: TimePrecision;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

/** Reads up to `max` ASCII digits at `pos`; returns the value or -1 when fewer than `min` digits. */
function digitsAt(s: string, pos: number, min: number, max: number, end: { at: number }): number {
  let value = 0;
  let i = pos;
  const limit = Math.min(s.length, pos + max);
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  end.at = i;
  return i - pos >= min ? value : -1;
}

const cursor = { at: 0 };

/**
 * Parses the tweet times the archives use, all read as UTC:
 * `2017-06-22 16:03` (IO archives), `2017-06-22 16:03:32`, ISO 8601 `2021-04-08T15:07:30.000Z`
 * (v2 API, derived 538 copies), `10/1/2017 19:58` (538, US order) and `6/7/16 17:08` (spreadsheet,
 * two-digit years are 20YY, optional AM/PM). Writes the result to `out` and returns false when the
 * text is not one of these or names an impossible date.
 *
 * Precision is "min" unless the text has non-zero seconds: copies often pad minute-truncated times
 * with `:00`, and claiming second precision for them would let analyses use windows the data
 * cannot support. Fractional seconds give "ms" only when non-zero, for the same reason.
 */
export function parseDateTime(text: string, out: ParsedTime): boolean {
  const s = text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) ? text.trim() : text;
  let year: number;
  let month: number;
  let day: number;
  let i: number;
  const first = digitsAt(s, 0, 1, 4, cursor);
  if (first < 0) return false;
  i = cursor.at;
  const sep = s.charCodeAt(i);
  if (sep === 45 /* - */ && i === 4) {
    year = first;
    month = digitsAt(s, i + 1, 2, 2, cursor);
    if (month < 0 || s.charCodeAt(cursor.at) !== 45) return false;
    day = digitsAt(s, cursor.at + 1, 2, 2, cursor);
    if (day < 0) return false;
    i = cursor.at;
  } else if (sep === 47 /* / */ && i <= 2) {
    month = first;
    day = digitsAt(s, i + 1, 1, 2, cursor);
    if (day < 0 || s.charCodeAt(cursor.at) !== 47) return false;
    const yearStart = cursor.at + 1;
    year = digitsAt(s, yearStart, 2, 4, cursor);
    const yearDigits = cursor.at - yearStart;
    if (year < 0 || yearDigits === 3) return false;
    if (yearDigits === 2) year += 2000;
    i = cursor.at;
  } else {
    return false;
  }
  if (!validDate(year, month, day)) return false;
  const t = s.charCodeAt(i);
  if (t !== 32 && t !== 84 /* T */) return false;
  const hourStart = i + 1;
  let hour = digitsAt(s, hourStart, 1, 2, cursor);
  if (hour < 0 || s.charCodeAt(cursor.at) !== 58 /* : */) return false;
  const minute = digitsAt(s, cursor.at + 1, 2, 2, cursor);
  if (minute < 0 || minute > 59) return false;
  i = cursor.at;
  let second = 0;
  let millis = 0;
  let precision: TimePrecision = "min";
  if (s.charCodeAt(i) === 58) {
    second = digitsAt(s, i + 1, 2, 2, cursor);
    if (second < 0 || second > 59) return false;
    i = cursor.at;
    if (second !== 0) precision = "s";
    if (s.charCodeAt(i) === 46 /* . */) {
      const fracStart = i + 1;
      const frac = digitsAt(s, fracStart, 1, 9, cursor);
      if (frac < 0) return false;
      const fracDigits = cursor.at - fracStart;
      millis = Math.floor(frac / 10 ** Math.max(0, fracDigits - 3)) * 10 ** Math.max(0, 3 - fracDigits);
      if (millis !== 0) precision = "ms";
      else if (second === 0 && frac !== 0) precision = "s";
      i = cursor.at;
    }
  }
  let offsetMinutes = 0;
  if (i < s.length) {
    const rest = s.slice(i).trim().toUpperCase();
    const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(rest);
    if (rest === "Z" || rest === "UTC" || rest === "") {
      // UTC
    } else if (offset !== null) {
      offsetMinutes = (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    } else if ((rest === "AM" || rest === "PM") && sep === 47 && hour >= 1 && hour <= 12) {
      if (rest === "AM" && hour === 12) hour = 0;
      else if (rest === "PM" && hour !== 12) hour += 12;
    } else {
      return false;
    }
  }
  if (hour > 23) return false;
  out.ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  out.precision = precision;
  return true;
}

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/**
 * Parses the v1.1 API's `created_at`, `Wed Oct 10 20:19:24 +0000 2018`, to Unix ms (NaN if not that shape).
 */
export function parseTwitterDate(text: string): number {
  const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(text);
  if (m === null) return NaN;
  const month = MONTHS[m[1]];
  const year = Number(m[9]);
  const day = Number(m[2]);
  if (month === undefined || !validDate(year, month + 1, day)) return NaN;
  const hour = Number(m[3]);
  const minute = Number(m[4]);
  const second = Number(m[5]);
  if (hour > 23 || minute > 59 || second > 59) return NaN;
  const offsetMinutes = (m[6] === "-" ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  return Date.UTC(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
}

const scratchTime: ParsedTime = { ms: 0, precision: "min" };

/**
 * An account creation date as `YYYY-MM-DD`: accepts `2013-12-07`, `12/7/13`, `12/7/2013`, any
 * date-time {@link parseDateTime} reads, and the v1.1 `Wed Jan 07 04:38:02 +0000 2009`.
 * Returns undefined for an empty value and null for an unreadable one.
 */
export function parseCalendarDate(text: string): string | undefined | null {
  if (text.length === 10 && isIsoDate(text)) return text;
  const s = text.trim();
  if (s === "") return undefined;
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s) || /^\d{1,2}\/\d{1,2}\/(\d{2}|\d{4})$/.test(s)) {
    if (!parseDateTime(s + " 00:00", scratchTime)) return null;
    ms = scratchTime.ms;
  } else if (parseDateTime(s, scratchTime)) {
    ms = scratchTime.ms;
  } else {
    ms = parseTwitterDate(s);
    if (Number.isNaN(ms)) return null;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` naming a real day (the IO archives' account_creation_date), without a regex. */
function isIsoDate(s: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = s.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 45 : c < 48 || c > 57) return false;
  }
  const year = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  const month = (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48);
  const day = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  return validDate(year, month, day);
}

/** Why a tweet time cannot be used (before 1970 or after the context's limit), else undefined. */
export function timeProblem(ms: number, maxTimeMs: number): string | undefined {
  if (ms < 0) return `time ${new Date(ms).toISOString()} is before 1970`;
  if (ms > maxTimeMs) return `time ${new Date(ms).toISOString()} is in the future`;
  return undefined;
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

// ---------------------------------------------------------------------------------------------
// Lists

/**
 * The list columns of the IO archives: `[a, b]` (2018 releases), Python reprs `['a', "b's"]`
 * (later releases) and bare `a, b`; `[]` and empty both mean none. `urls` splits only before
 * an item that starts like a URL, since URLs themselves may contain commas.
 */
export function parseList(text: string, kind: "plain" | "url" = "plain"): string[] {
  const length = text.length;
  if (length === 0) return [];
  let start = 0;
  let end = length;
  if (text.charCodeAt(0) === 91 /* [ */ && text.charCodeAt(length - 1) === 93 /* ] */) {
    start = 1;
    end = length - 1;
  }
  while (start < end && text.charCodeAt(start) === 32) start++;
  if (start >= end) return [];
  const c = text.charCodeAt(start);
  if (c === 39 || c === 34) return parsePythonList(text, start, end);
  const body = start === 0 && end === length ? text : text.slice(start, end);
  const items: string[] = [];
  if (kind === "url") {
    let from = 0;
    for (;;) {
      let at = body.indexOf(",", from);
      while (at !== -1 && !startsLikeUrl(body, at + 1)) at = body.indexOf(",", at + 1);
      const item = (at === -1 ? body.slice(from) : body.slice(from, at)).trim();
      if (item !== "") items.push(detach(item));
      if (at === -1) break;
      from = at + 1;
    }
  } else {
    let from = 0;
    const n = body.length;
    for (;;) {
      const at = body.indexOf(",", from);
      const stop = at === -1 ? n : at;
      let a = from;
      let b = stop;
      while (a < b && body.charCodeAt(a) === 32) a++;
      while (b > a && body.charCodeAt(b - 1) === 32) b--;
      if (b > a) items.push(detach(a === 0 && b === n ? body : body.slice(a, b)));
      if (at === -1) break;
      from = at + 1;
    }
  }
  return items;
}

function startsLikeUrl(s: string, at: number): boolean {
  while (s.charCodeAt(at) === 32) at++;
  return s.startsWith("http", at) || s.startsWith("www.", at);
}

const PY_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"' };

function parsePythonList(text: string, start: number, end: number): string[] {
  const items: string[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 44) {
      i++;
      continue;
    }
    if (c !== 39 && c !== 34) {
      // An unquoted item inside a Python-style list: read to the next comma.
      const at = text.indexOf(",", i);
      const stop = at === -1 || at > end ? end : at;
      const item = text.slice(i, stop).trim();
      if (item !== "") items.push(detach(item));
      i = stop + 1;
      continue;
    }
    let value = "";
    let j = i + 1;
    let from = j;
    for (; j < end; j++) {
      const d = text.charCodeAt(j);
      if (d === c) break;
      if (d === 92 /* \ */ && j + 1 < end) {
        const next = text[j + 1];
        const escaped = PY_ESCAPES[next];
        value += text.slice(from, j);
        if (escaped !== undefined) {
          value += escaped;
          j++;
        } else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(text.slice(j + 2, j + 4))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 4), 16));
          j += 3;
        } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) {
          value += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16));
          j += 5;
        } else {
          value += "\\";
        }
        from = j + 1;
      }
    }
    value += text.slice(from, j);
    if (value !== "") items.push(detach(value));
    i = j + 1;
  }
  return items;
}

/** Hashtags are compared lower-cased and without '#', whatever the source wrote. */
export function normalizeHashtag(tag: string): string {
  const t = tag.charCodeAt(0) === 35 || tag.charCodeAt(0) === 0xff03 ? tag.slice(1) : tag;
  return detach(t.toLowerCase());
}

export function normalizeHashtags(tags: string[]): string[] {
  for (let i = 0; i < tags.length; i++) tags[i] = normalizeHashtag(tags[i]);
  return tags;
}

/**
 * Prefix of the id an account gets when a source names it only by screen name. After every load,
 * cypher/load-resolve-screen-names.cypher moves such stubs onto the archive's account of that name.
 */
export const SCREEN_NAME_PREFIX = "name:";

/** The id FiveThirtyEight and v2 mentions get when only a screen name is known (lower-cased: Twitter ignores case). */
export function screenNameId(screenName: string): string {
  return detach(SCREEN_NAME_PREFIX + screenName.toLowerCase());
}

/** Raw text for a RejectedRow, cut to about 1 KB. */
export function truncateRaw(raw: string, max = 1024): string {
  return raw.length <= max ? raw : raw.slice(0, max) + `… [${raw.length - max} more characters]`;
}
