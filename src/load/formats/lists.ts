/**
 * List columns (hashtags, URLs, mentions) in the shapes the IO archives wrote over the years, and
 * hashtags normalised for comparison. Items are detached copies so a kept item never pins the
 * input chunk it was read from.
 */
import { detach } from "./common.ts";

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
