/**
 * Ids as the archives write them: validated once (numeric ids, hashes and opaque tokens; never the
 * shapes a spreadsheet leaves), interned so a repeated author is one string, and the stand-in id of
 * an account known only by its screen name. Ids stay strings end to end: never `Number(id)`.
 */
import { detach, SCREEN_NAME_PREFIX } from "./common.ts";

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

/** The id FiveThirtyEight and v2 mentions get when only a screen name is known (lower-cased: Twitter ignores case). */
export function screenNameId(screenName: string): string {
  return detach(SCREEN_NAME_PREFIX + screenName.toLowerCase());
}
