/**
 * Which format a file is in, from its first bytes: JSON when the text opens with `{` or `[`,
 * otherwise CSV recognised by its header's column names (never by position: releases reorder
 * columns). An unrecognised header stops the load at once with the columns each format expects.
 * The formats of each syntax are registered here, in detection order.
 */
import { InputError } from "../errors.ts";
import { columnIndex, FORMAT_NAMES, type ColumnIndex, type CsvFormat, type FormatName, type JsonFormat } from "./formats/common.ts";
import { fiveThirtyEightFormat } from "./formats/fivethirtyeight.ts";
import { ioArchiveFormat } from "./formats/io-archive.ts";
import { ioUsersFormat } from "./formats/io-users.ts";
import { sharesFormat } from "./formats/shares.ts";
import { twitterJsonFormat } from "./formats/twitter-json.ts";

/** CSV formats in detection order (the most specific header first). */
export const CSV_FORMATS: readonly CsvFormat[] = [sharesFormat, ioArchiveFormat, fiveThirtyEightFormat, ioUsersFormat];

/** JSON formats in detection order; twitter-json itself tells v1.1 from v2 value by value. */
export const JSON_FORMATS: readonly JsonFormat[] = [twitterJsonFormat];

function jsonFormatNamed(name: FormatName | undefined): JsonFormat | undefined {
  return JSON_FORMATS.find((f) => f.name === name);
}

/** "--format twitter-json" (or each JSON format, for the hint). */
function jsonFormatFlags(): string {
  return JSON_FORMATS.map((f) => `--format ${f.name}`).join(" or ");
}

/**
 * "json" for `.json`/`.jsonl`/`.ndjson` names (also inside `.gz`, and whatever the first line
 * holds: a JSON lines file may be cut mid-line), else by content: "json" when the first non-blank
 * character opens a JSON value, "csv" otherwise; undefined while only blanks were seen.
 */
export function sniffSyntax(text: string, name = ""): "json" | "csv" | undefined {
  if (/\.(json|jsonl|ndjson)(\.gz)?$/i.test(name)) return "json";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
    return c === 123 || c === 91 ? "json" : "csv";
  }
  return undefined;
}

/**
 * The CSV format a header belongs to, the forced one when given (checked for its required
 * columns). Throws InputError `UNKNOWN_FORMAT` or `MISSING_COLUMNS`.
 *
 * @example detectCsvFormat(["object_id", "account_id", "content_id", "timestamp_share"]).name // "shares"
 */
export function detectCsvFormat(header: readonly string[], where: { file?: string; line?: number; forced?: FormatName } = {}): {
  format: CsvFormat;
  columns: ColumnIndex;
} {
  const columns = columnIndex(header);
  if (where.forced !== undefined) {
    if (jsonFormatNamed(where.forced) !== undefined) {
      throw new InputError("UNKNOWN_FORMAT", `--format ${where.forced} given but the file is not JSON (it starts with a CSV header: ${preview(header)})`, {
        file: where.file,
        line: where.line,
        hint: "drop --format to detect the format from the header",
      });
    }
    const format = CSV_FORMATS.find((f) => f.name === where.forced)!;
    const missing = format.missingColumns(columns);
    if (missing.length > 0) {
      throw new InputError("MISSING_COLUMNS", `header lacks ${missing.join(", ")} required by format ${format.name} (found: ${preview(header)})`, {
        file: where.file,
        line: where.line,
        hint: `${format.name} expects ${format.expectedColumns}`,
      });
    }
    return { format, columns };
  }
  const format = CSV_FORMATS.find((f) => f.matches(columns) && f.missingColumns(columns).length === 0);
  if (format === undefined) throw unknownFormatError(header, where.file, where.line);
  return { format, columns };
}

/**
 * The JSON format of a file whose text opens a JSON value: the forced one when given, else the
 * first registered. Throws InputError `UNKNOWN_FORMAT` when a CSV format was forced.
 *
 * @example detectJsonFormat({ file: "tweets.jsonl" }).name // "twitter-json"
 */
export function detectJsonFormat(where: { file?: string; forced?: FormatName } = {}): JsonFormat {
  if (where.forced === undefined) return JSON_FORMATS[0]!;
  const format = jsonFormatNamed(where.forced);
  if (format === undefined) {
    throw new InputError("UNKNOWN_FORMAT", `--format ${where.forced} given but the file is JSON`, {
      file: where.file,
      line: 1,
      hint: `drop --format to detect the format, or use ${jsonFormatFlags()}`,
    });
  }
  return format;
}

/** Throws InputError `UNKNOWN_FORMAT` when a JSON format was forced on a file that does not open a JSON value. */
export function checkNotForcedJson(where: { file?: string; forced?: FormatName } = {}): void {
  if (jsonFormatNamed(where.forced) === undefined) return;
  throw new InputError("UNKNOWN_FORMAT", `--format ${where.forced} given but the file is not JSON (it does not start with { or [)`, {
    file: where.file,
    line: 1,
    hint: "drop --format to detect the format from the header",
  });
}

export function unknownFormatError(header: readonly string[], file?: string, line?: number): InputError {
  const expected = [...CSV_FORMATS.map((f) => `${f.name}: ${f.expectedColumns}`), ...JSON_FORMATS.map((f) => `${f.name}: ${f.expectedShape}`)].join("; ");
  return new InputError("UNKNOWN_FORMAT", `unrecognised header (${preview(header)}); expected one of: ${expected}`, {
    file,
    line,
    hint: `columns are matched by name, in any order; force a format with --format (${FORMAT_NAMES.join(", ")}) if the header is close`,
  });
}

function preview(header: readonly string[]): string {
  const names = header.slice(0, 12).map((h) => JSON.stringify(h.length > 40 ? h.slice(0, 40) + "…" : h));
  return names.join(", ") + (header.length > 12 ? `, … (${header.length} columns)` : "");
}
