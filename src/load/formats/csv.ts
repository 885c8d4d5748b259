/**
 * A streaming RFC 4180 tokenizer built for dirty archives: it reports every bad row with the
 * physical line it starts on and carries on with the next line, where csv-parse would either stop
 * or swallow the rest of the file into one record after an unbalanced quote.
 *
 * Recovery rule: a structurally broken record (a stray quote, a quoted field that never closes
 * before the size limit or the end of the file, or a record spanning several lines with the wrong
 * number of fields) is rejected as its first physical line, and parsing resumes on the next
 * physical line. A broken quote therefore costs the rows it really damaged, not the file.
 *
 * It is also about 3x faster than csv-parse on the IO archives (string `indexOf` over each decoded
 * chunk instead of a per-character state machine): on a 200k-row IO tweets file csv-parse alone
 * tokenizes ~53k rows/s, this reader plus the io-archive mapper parses ~150k rows/s on one core.
 * Quotes inside unquoted fields are kept as text (spreadsheet exports write them).
 */
import type { DecodedText } from "./text.ts";
import type { RowProblem } from "./common.ts";
import { truncateRaw } from "./common.ts";

export interface CsvHandler {
  /** Receives the header record; returns the number of fields every row must have. May throw. */
  header(fields: string[], line: number): number;
  /** Called when the header itself is broken; must throw. */
  headerError(line: number, reason: string): never;
  /** A structurally sound row with the expected field count; returns a problem to reject it. */
  row(fields: string[], line: number): RowProblem | undefined;
  /** A rejected row: its first physical line, the problem, and its text (truncated). */
  reject(line: number, problem: RowProblem, raw: string): void;
}

export interface CsvReaderOptions {
  /** Longest record accepted, in characters; longer ones are rejected, never buffered further. */
  maxRecordChars: number;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
const NEED_MORE = -1;
const BROKEN = -2;

export class CsvReader {
  private buf = "";
  private pos = 0;
  /** Physical line (1-based) at `pos`. */
  private line = 1;
  private expected = -1;
  /** The header's names, to name the field a damaged row is damaged in. */
  private headerNames: string[] = [];
  /** Discarding input up to the next line feed after a broken oversized record. */
  private skipping = false;
  private readonly fields: string[] = [];
  private recordNewlines = 0;
  private brokenReason = "";
  private invalid: number[] = [];
  private invalidHead = 0;
  private hasNul = false;
  private nulAt = -2;

  constructor(
    private readonly handler: CsvHandler,
    private readonly options: CsvReaderOptions,
  ) {}

  /** True once the header record has been read. */
  get sawHeader(): boolean {
    return this.expected >= 0;
  }

  push(decoded: DecodedText): void {
    const { text, invalidAt } = decoded;
    if (text.length === 0) return;
    if (this.pos > 0) this.compact();
    const textHasNul = text.indexOf("\0") !== -1;
    if (this.buf.length === 0) {
      this.setBuffer(text, 0, invalidAt, 0, textHasNul);
      this.process(false);
      return;
    }
    // A partial record is left over. Rather than copying it and the whole chunk into one new
    // string (a 512 KB copy per chunk for non-Latin text), finish it on a small string made of
    // the leftover and the chunk's first line(s), then parse the rest of the chunk in place.
    let leftover = this.buf;
    let leftoverInvalid = this.invalid;
    let from = 0;
    for (let attempt = 0; ; attempt++) {
      const lf = attempt < 4 && leftover.length < 65536 ? text.indexOf("\n", from) : -1;
      const to = lf === -1 ? text.length : lf + 1;
      const joined = leftover + text.slice(from, to);
      const invalid = leftoverInvalid.slice();
      if (invalidAt !== undefined) for (const at of invalidAt) if (at >= from && at < to) invalid.push(at - from + leftover.length);
      this.buf = joined;
      this.pos = 0;
      this.invalid = invalid;
      this.invalidHead = 0;
      this.hasNul = joined.indexOf("\0") !== -1;
      this.nulAt = -2;
      this.process(false);
      if (to === text.length) return;
      if (this.pos >= joined.length) {
        this.setBuffer(text, to, invalidAt, to, textHasNul);
        this.process(false);
        return;
      }
      this.compact();
      leftover = this.buf;
      leftoverInvalid = this.invalid;
      from = to;
    }
  }

  /** Makes `text` the buffer, parsing from `pos`; keeps the invalid-byte offsets at or after `from`. */
  private setBuffer(text: string, pos: number, invalidAt: number[] | undefined, from: number, textHasNul: boolean): void {
    this.buf = text;
    this.pos = pos;
    this.invalid = invalidAt === undefined ? [] : invalidAt.filter((at) => at >= from);
    this.invalidHead = 0;
    this.hasNul = textHasNul && text.indexOf("\0", pos) !== -1;
    this.nulAt = -2;
  }

  end(): void {
    this.process(true);
    this.buf = "";
    this.pos = 0;
  }

  private compact(): void {
    const pos = this.pos;
    this.buf = this.buf.slice(pos);
    this.pos = 0;
    if (this.invalid.length > 0) {
      const kept: number[] = [];
      for (let k = this.invalidHead; k < this.invalid.length; k++) if (this.invalid[k] >= pos) kept.push(this.invalid[k] - pos);
      this.invalid = kept;
      this.invalidHead = 0;
    }
    if (this.hasNul) {
      this.hasNul = this.buf.indexOf("\0") !== -1;
      this.nulAt = -2;
    }
  }

  private process(final: boolean): void {
    const handler = this.handler;
    for (;;) {
      const s = this.buf;
      const n = s.length;
      if (this.skipping) {
        const lf = s.indexOf("\n", this.pos);
        if (lf === -1) {
          this.pos = n;
          return;
        }
        this.pos = lf + 1;
        this.line++;
        this.skipping = false;
      }
      const start = this.pos;
      if (start >= n) return;
      const first = s.charCodeAt(start);
      if (first === LF) {
        this.pos++;
        this.line++;
        continue;
      }
      if (first === CR) {
        if (start + 1 >= n && !final) return;
        if (s.charCodeAt(start + 1) === LF) {
          this.pos += 2;
          this.line++;
          continue;
        }
      }
      const end = this.parseRecord(start, final);
      if (end === NEED_MORE) {
        if (n - start <= this.options.maxRecordChars) return;
        this.broken(start, `record longer than ${this.options.maxRecordChars} characters (an unclosed quote or an oversized field)`, final);
        continue;
      }
      if (end === BROKEN) {
        // Report the whole first line: wait for its end unless it is already too long.
        if (!final && s.indexOf("\n", start) === -1 && n - start <= this.options.maxRecordChars) return;
        this.broken(start, this.brokenReason, final);
        continue;
      }
      if (end - start > this.options.maxRecordChars) {
        this.broken(start, `record longer than ${this.options.maxRecordChars} characters (an unclosed quote or an oversized field)`, final);
        continue;
      }
      const line = this.line;
      const fields = this.fields;
      if (this.expected < 0) {
        this.pos = end;
        this.line += this.recordNewlines;
        this.headerNames = fields.map((name) => name.replace(/^\uFEFF+/, "").trim().toLowerCase());
        this.expected = handler.header(fields.slice(), line);
        continue;
      }
      if (fields.length !== this.expected && !this.onlyEmptyExtras(fields)) {
        const reason = `expected ${this.expected} fields, found ${fields.length}`;
        const terminated = s.charCodeAt(end - 1) === LF ? 1 : 0;
        if (this.recordNewlines > terminated) {
          // Spans several lines: likely an unbalanced quote swallowed the next rows, so give up
          // only this line and read the following ones as rows of their own.
          this.broken(start, reason + " (a quoted field spans several lines: unbalanced quote?)", final);
          continue;
        }
        this.pos = end;
        this.line += this.recordNewlines;
        handler.reject(line, { reason }, truncateRaw(trimEol(s.slice(start, end))));
        continue;
      }
      this.pos = end;
      this.line += this.recordNewlines;
      const damage = this.damage(start, end);
      if (damage !== undefined) {
        handler.reject(line, damage, truncateRaw(trimEol(s.slice(start, end))));
        continue;
      }
      const rowProblem = handler.row(fields, line);
      if (rowProblem !== undefined) handler.reject(line, rowProblem, truncateRaw(trimEol(s.slice(start, end))));
    }
  }

  /** Trailing empty fields beyond the header (spreadsheets add them) are dropped, not rejected. */
  private onlyEmptyExtras(fields: string[]): boolean {
    if (fields.length < this.expected) return false;
    for (let k = this.expected; k < fields.length; k++) if (fields[k] !== "") return false;
    fields.length = this.expected;
    return true;
  }

  /** Invalid UTF-8 or NUL bytes inside [start, end), as a reject naming the first damaged field. */
  private damage(start: number, end: number): RowProblem | undefined {
    if (this.invalidHead < this.invalid.length) {
      while (this.invalidHead < this.invalid.length && this.invalid[this.invalidHead] < start) this.invalidHead++;
      const at = this.invalid[this.invalidHead];
      if (at !== undefined && at < end) {
        return withField(this.fieldAt(start, at), "invalid UTF-8 bytes (the file or this row is not UTF-8, e.g. Latin-1 or Windows-1252)");
      }
    }
    if (this.hasNul) {
      if (this.nulAt < start && this.nulAt !== -1) this.nulAt = this.buf.indexOf("\0", start);
      if (this.nulAt !== -1 && this.nulAt < end) return withField(this.fieldAt(start, this.nulAt), "NUL byte in the row (binary data or a truncated copy)");
    }
    return undefined;
  }

  /** The header name of the field holding offset `at` of the record starting at `start` (bad rows only). */
  private fieldAt(start: number, at: number): string | undefined {
    const s = this.buf;
    let index = 0;
    let quoted = false;
    for (let i = start; i < at; i++) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) quoted = !quoted;
      else if (c === COMMA && !quoted) index++;
    }
    const name = this.headerNames[index];
    return name === undefined || name === "" ? undefined : name;
  }

  /** Rejects the record starting at `start` as its first line and resumes on the next line. */
  private broken(start: number, reason: string, final: boolean): void {
    const s = this.buf;
    const line = this.line;
    if (this.expected < 0) this.handler.headerError(line, reason);
    const lf = s.indexOf("\n", start);
    const raw = truncateRaw(trimEol(lf === -1 ? s.slice(start, start + 2048) : s.slice(start, Math.min(lf, start + 2048))));
    if (lf === -1) {
      this.pos = s.length;
      this.skipping = !final;
    } else {
      this.pos = lf + 1;
      this.line = line + 1;
    }
    this.handler.reject(line, { reason }, raw);
  }

  /**
   * Reads one record into `this.fields`; returns the offset after its line terminator, NEED_MORE
   * when the buffer ends inside it, or BROKEN (reason in `brokenReason`). Counts the line feeds
   * it consumed in `recordNewlines`.
   */
  private parseRecord(start: number, final: boolean): number {
    const s = this.buf;
    const n = s.length;
    const fields = this.fields;
    fields.length = 0;
    let newlines = 0;
    let lf = s.indexOf("\n", start);
    let i = start;
    for (;;) {
      if (i >= n) {
        if (!final) return NEED_MORE;
        fields.push("");
        this.recordNewlines = newlines;
        return n;
      }
      if (s.charCodeAt(i) === QUOTE) {
        let from = i + 1;
        let j = from;
        let value = "";
        for (;;) {
          const q = s.indexOf('"', j);
          if (q === -1) {
            if (!final) return NEED_MORE;
            this.brokenReason = "unclosed quote: the quoted field runs to the end of the file";
            return BROKEN;
          }
          if (q + 1 >= n && !final) return NEED_MORE;
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            j = q + 2;
            from = j;
            continue;
          }
          value += s.slice(from, q);
          while (lf !== -1 && lf < q) {
            newlines++;
            lf = s.indexOf("\n", lf + 1);
          }
          i = q + 1;
          break;
        }
        fields.push(value);
        if (i >= n) {
          this.recordNewlines = newlines;
          return n;
        }
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === LF) {
          this.recordNewlines = newlines + 1;
          return i + 1;
        }
        if (c === CR) {
          if (i + 1 >= n) {
            if (!final) return NEED_MORE;
            this.recordNewlines = newlines;
            return n;
          }
          if (s.charCodeAt(i + 1) === LF) {
            this.recordNewlines = newlines + 1;
            return i + 2;
          }
        }
        this.brokenReason = `a closing quote is followed by ${JSON.stringify(s[i])} instead of a comma or line end (an unescaped quote inside a quoted field, or a quote left open earlier in the row)`;
        return BROKEN;
      }
      const comma = s.indexOf(",", i);
      if (comma !== -1 && (lf === -1 || comma < lf)) {
        fields.push(s.slice(i, comma));
        i = comma + 1;
        continue;
      }
      if (lf === -1) {
        if (!final) return NEED_MORE;
        fields.push(trimEol(s.slice(i, n)));
        this.recordNewlines = newlines;
        return n;
      }
      fields.push(s.slice(i, lf > i && s.charCodeAt(lf - 1) === CR ? lf - 1 : lf));
      this.recordNewlines = newlines + 1;
      return lf + 1;
    }
  }
}

function withField(field: string | undefined, reason: string): RowProblem {
  return field === undefined ? { reason } : { field, reason };
}

function trimEol(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === LF || text.charCodeAt(end - 1) === CR)) end--;
  return end === text.length ? text : text.slice(0, end);
}
