/**
 * Streaming reader for JSON tweet files, in the three shapes they come in:
 * - JSON lines (twarc, twarc2, the streaming API): one value per line; a broken line is rejected
 *   and the next line read normally;
 * - one top-level array (`GET statuses/retweets` saved as is): each element is one value;
 * - concatenated or pretty-printed objects (`status.json` files): each top-level object is one value.
 * The array and object shapes are split by a small scanner that only tracks strings and nesting,
 * so memory stays bounded by the largest single value, never by the file.
 */
import type { DecodedText } from "./text.ts";
import type { RowProblem } from "./common.ts";
import { truncateRaw } from "./common.ts";

export interface JsonHandler {
  /** One parsed value (a JSON line, an array element or a top-level object) and its first line. */
  value(value: unknown, line: number, raw: string): void;
  reject(line: number, problem: RowProblem, raw: string): void;
}

export interface JsonReaderOptions {
  /** Longest value accepted, in characters; a longer one is rejected and skipped. */
  maxValueChars: number;
}

type Mode = "undecided" | "lines" | "values" | "array";

const LF = 10;

export class JsonReader {
  private buf = "";
  private pos = 0;
  private line = 1;
  private mode: Mode = "undecided";
  private invalid: number[] = [];
  private hasNul = false;

  // Scanner state (values and array modes).
  private depth = 0;
  private inString = false;
  private escaped = false;
  private valueStart = -1;
  private valueLine = 0;
  private discarding = false;
  private arrayClosed = false;
  /** Lines mode: still in the oversized line being skipped. */
  private skippingLine = false;
  /** Lines mode: non-empty lines seen, to fall back to the scanner when the first is a lone "{". */
  private nonEmptyLines = 0;

  constructor(
    private readonly handler: JsonHandler,
    private readonly options: JsonReaderOptions,
  ) {}

  push(decoded: DecodedText): void {
    if (decoded.text.length === 0) return;
    this.compact();
    const base = this.buf.length;
    this.buf = base === 0 ? decoded.text : this.buf + decoded.text;
    if (decoded.invalidAt !== undefined) for (const at of decoded.invalidAt) this.invalid.push(base + at);
    if (decoded.text.indexOf("\0") !== -1) this.hasNul = true;
    this.process(false);
  }

  end(): void {
    this.process(true);
    if (this.valueStart !== -1 || this.discarding) {
      if (!this.discarding) {
        this.handler.reject(this.valueLine, { reason: "truncated JSON: the file ends inside a value" }, truncateRaw(this.buf.slice(this.valueStart)));
      }
      this.valueStart = -1;
    }
    this.buf = "";
    this.pos = 0;
  }

  private compact(): void {
    const keepFrom = this.valueStart !== -1 && !this.discarding ? Math.min(this.valueStart, this.pos) : this.pos;
    if (keepFrom === 0) return;
    this.buf = this.buf.slice(keepFrom);
    this.pos -= keepFrom;
    if (this.valueStart !== -1) this.valueStart = this.discarding ? -1 : this.valueStart - keepFrom;
    if (this.invalid.length > 0) this.invalid = this.invalid.filter((at) => at >= keepFrom).map((at) => at - keepFrom);
    if (this.hasNul) this.hasNul = this.buf.indexOf("\0") !== -1;
  }

  private process(final: boolean): void {
    if (this.mode === "undecided") {
      const s = this.buf;
      let i = this.pos;
      while (i < s.length && isSpace(s.charCodeAt(i))) {
        if (s.charCodeAt(i) === LF) this.line++;
        i++;
      }
      this.pos = i;
      if (i >= s.length) return;
      const c = s.charCodeAt(i);
      if (c === 91 /* [ */) {
        this.mode = "array";
        this.pos = i + 1;
      } else {
        this.mode = "lines";
      }
    }
    if (this.mode === "lines") this.processLines(final);
    if (this.mode === "values" || this.mode === "array") this.scan(final);
  }

  private processLines(final: boolean): void {
    for (;;) {
      const s = this.buf;
      const start = this.pos;
      if (start >= s.length) return;
      let lf = s.indexOf("\n", start);
      if (this.skippingLine) {
        if (lf === -1) {
          this.pos = s.length;
          return;
        }
        this.pos = lf + 1;
        this.line++;
        this.skippingLine = false;
        continue;
      }
      if (lf === -1) {
        if (s.length - start > this.options.maxValueChars) {
          this.handler.reject(this.line, { reason: `JSON line longer than ${this.options.maxValueChars} characters` }, truncateRaw(s.slice(start, start + 2048)));
          this.pos = s.length;
          this.skippingLine = !final;
          if (final) this.line++;
          return;
        }
        if (!final) return;
        lf = s.length;
      }
      const line = this.line;
      const text = s.slice(start, lf).trim();
      this.pos = lf + 1;
      this.line++;
      if (text === "") continue;
      this.nonEmptyLines++;
      if (lf - start > this.options.maxValueChars) {
        this.handler.reject(line, { reason: `JSON line longer than ${this.options.maxValueChars} characters` }, truncateRaw(text));
        continue;
      }
      const damage = this.damage(start, lf);
      if (damage !== undefined) {
        this.handler.reject(line, { reason: damage }, truncateRaw(text));
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        if (this.nonEmptyLines === 1 && text === "{") {
          // Not JSON lines after all: a pretty-printed object. Re-read from its start with the
          // scanner. (Any other broken first line is just a broken line: a JSONL file cut at the
          // front must not be read as one unbalanced value.)
          this.mode = "values";
          this.pos = start;
          this.line = line;
          return;
        }
        this.handler.reject(line, { reason: `invalid JSON: ${(error as Error).message}` }, truncateRaw(text));
        continue;
      }
      this.handler.value(value, line, text);
    }
  }

  /** Splits top-level values (values mode) or top-level array elements (array mode). */
  private scan(final: boolean): void {
    const array = this.mode === "array";
    let s = this.buf;
    let i = this.pos;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === LF) this.line++;
      if (this.valueStart === -1 && !this.discarding) {
        if (isSpace(c) || (array && c === 44 /* , */)) {
          i++;
          continue;
        }
        if (this.arrayClosed) {
          this.handler.reject(this.line, { reason: "unexpected text after the closing ']' of the top-level array" }, truncateRaw(s.slice(i, i + 200)));
          this.pos = s.length;
          this.arrayClosed = true;
          return;
        }
        if (array && c === 93 /* ] */) {
          this.arrayClosed = true;
          i++;
          continue;
        }
        this.valueStart = i;
        this.valueLine = this.line;
        this.depth = 0;
        this.inString = false;
        this.escaped = false;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        i++;
        continue;
      }
      if (c === 34) {
        this.inString = true;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth < 0) {
          // A stray closer at top level (or the array's own ']' after a primitive).
          if (array && c === 93 && this.valueStart !== -1) {
            this.finishPrimitive(this.valueStart, i);
            this.arrayClosed = true;
            i++;
            continue;
          }
          this.depth = 0;
        }
        if (this.depth === 0) {
          i++;
          this.finishValue(this.valueStart, i);
          s = this.buf;
          continue;
        }
      } else if (this.depth === 0 && (isSpace(c) || c === 44)) {
        // End of a top-level primitive (not an object): reject it.
        this.finishPrimitive(this.valueStart, i);
        i++;
        continue;
      }
      i++;
      if (!this.discarding && this.valueStart !== -1 && i - this.valueStart > this.options.maxValueChars) {
        this.handler.reject(this.valueLine, { reason: `JSON value longer than ${this.options.maxValueChars} characters` }, truncateRaw(s.slice(this.valueStart, this.valueStart + 2048)));
        this.discarding = true;
        this.valueStart = -1;
      }
    }
    this.pos = i;
    if (final && this.valueStart !== -1 && this.depth === 0 && !this.inString) this.finishPrimitive(this.valueStart, i);
  }

  private finishPrimitive(start: number, end: number): void {
    const text = this.buf.slice(start, end).trim();
    this.valueStart = -1;
    if (text === "") return;
    this.handler.reject(this.valueLine, { reason: "expected a JSON object" }, truncateRaw(text));
  }

  private finishValue(start: number, end: number): void {
    this.valueStart = -1;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const text = this.buf.slice(start, end);
    const damage = this.damage(start, end);
    if (damage !== undefined) {
      this.handler.reject(this.valueLine, { reason: damage }, truncateRaw(text));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.handler.reject(this.valueLine, { reason: `invalid JSON: ${(error as Error).message}` }, truncateRaw(text));
      return;
    }
    this.handler.value(value, this.valueLine, text);
  }

  private damage(start: number, end: number): string | undefined {
    for (const at of this.invalid) if (at >= start && at < end) return "invalid UTF-8 bytes (the file is not UTF-8 here)";
    if (this.hasNul) {
      const z = this.buf.indexOf("\0", start);
      if (z !== -1 && z < end) return "NUL byte in the value (binary data or a truncated copy)";
    }
    return undefined;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
