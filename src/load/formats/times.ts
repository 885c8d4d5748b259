/**
 * Tweet times and account creation dates in every shape the archives use, read as UTC, with the
 * precision the text actually gives (minute-truncated copies must not claim seconds). Parsers
 * write into a reused result and return false (or NaN, null) for an unreadable value, so the hot
 * path allocates nothing for good rows.
 */
import type { TimePrecision } from "../../model.ts";

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
