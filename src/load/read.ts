/**
 * The public entry of the format layer: files → batches of parsed records, streaming.
 *
 * Pipeline per input: bytes (plain, gzip, zip entries; input.ts) → UTF-8 text with invalid bytes
 * marked (formats/text.ts) → CSV records or JSON values (formats/csv.ts, formats/json.ts) → the
 * format's mapper (formats/*.ts, chosen by detect.ts) → batches of ~`batchSize` rows. Memory is
 * bounded by one batch plus the largest record allowed, whatever the file size. Bad rows never
 * stop a load: each becomes a RejectedRow (file, 1-based physical line, field, reason, raw text)
 * for `onReject`, unless `strict` is set, in which case the first one throws. Damaged compressed
 * data does not either: the rows before the damage are read, the damage becomes one RejectedRow (at
 * the line it cut) and one DamagedInput for `onDamage`, and the next file is read.
 */
import { InputError, UsageError } from "../errors.ts";
import type { AccountRecord, LoadRecord, RejectedRow, TweetRecord } from "../model.ts";
import { checkNotForcedJson, detectCsvFormat, detectJsonFormat, sniffSyntax } from "./detect.ts";
import {
  FORMAT_NAMES,
  SHARE_OBJECT_KINDS,
  truncateRaw,
  type CsvRowMapper,
  type FormatContext,
  type FormatName,
  type JsonRecordSink,
  type RowProblem,
  type ShareObjectKind,
} from "./formats/common.ts";
import { CsvReader } from "./formats/csv.ts";
import { JsonReader } from "./formats/json.ts";
import { Utf8Decoder, sniffUnsupportedEncoding, type DecodedText } from "./formats/text.ts";
import { listInputFiles, openInput, type InputDamage, type InputEntry } from "./input.ts";
import { counted } from "../run/words.ts";

export type { FormatName, ShareObjectKind } from "./formats/common.ts";
export { FORMAT_NAMES, SHARE_OBJECT_KINDS } from "./formats/common.ts";
export { listInputFiles, type InputFile } from "./input.ts";
export { snowflakeTimeMs, preciseTimeMs } from "./snowflake.ts";

export interface ReadOptions {
  /** Force a format instead of detecting it from each file's header. Default: detect. */
  format?: FormatName;
  /** What a `shares` file's object_id is. Default "retweet". */
  objectKind?: ShareObjectKind;
  /** Receives each rejected row. Default: rejects are only counted. */
  onReject?: (row: RejectedRow) => void;
  /** Receives each input whose compressed data broke off (its rows before that are read). Default: only its rejected row. */
  onDamage?: (damage: DamagedInput) => void;
  /** Throw an InputError (`BAD_ROW`) at the first bad row instead of rejecting it. Default false. */
  strict?: boolean;
  /** Rows per batch. Default 1000. */
  batchSize?: number;
  /** Longest CSV record accepted, in characters; longer ones are rejected. Default 4 MiB. */
  maxRecordChars?: number;
  /** Longest JSON line or value accepted, in characters (twarc2 pages reach ~1 MB). Default 64 MiB. */
  maxJsonValueChars?: number;
  /** "Now" for the far-future check (tweets after now + 1 day are rejected), Unix ms. Default Date.now(). */
  now?: number;
}

export const READ_DEFAULTS = {
  objectKind: "retweet" as ShareObjectKind,
  strict: false,
  batchSize: 1000,
  maxRecordChars: 4 * 1024 * 1024,
  maxJsonValueChars: 64 * 1024 * 1024,
};

/** An input whose compressed data broke off: what was read of it, and where it broke. */
export interface DamagedInput {
  /** The input: a path, or `archive.zip!entry.csv`. */
  file: string;
  code: InputDamage["code"];
  /** One line: what broke, where, and what was read ("corrupt or truncated gzip data (unexpected end of file) after compressed byte 4288 (line 123): 121 rows before it read, the rest of the file is lost"). */
  message: string;
  hint: string;
  /** 1-based physical line the damage cut; the lines before it were read. */
  line: number;
  /** For a gzip file: the compressed bytes inflated before the damage; null otherwise. */
  compressedOffset: number | null;
  /** Rows (good and rejected) read from the input before the damage. */
  rowsRead: number;
}

/** What to do about damaged compressed data, for the one-line error and the load report. */
const DAMAGE_HINTS: Record<InputDamage["code"], string> = {
  BAD_GZIP: "the download may be incomplete: check the file with `gzip -t`, fetch it again and rerun the load (rows already loaded are not duplicated)",
  BAD_ZIP: "the download may be incomplete: check the archive with `unzip -t`, fetch it again and rerun the load (rows already loaded are not duplicated)",
};

function describeDamage(file: string, damage: InputDamage, rowsRead: number): DamagedInput {
  const where = damage.compressedOffset === undefined ? `in line ${damage.line}` : `after compressed byte ${damage.compressedOffset} (line ${damage.line})`;
  const what = file.includes("!") ? "entry" : "file";
  return {
    file,
    code: damage.code,
    message: `${damage.reason} ${where}: ${counted(rowsRead, "row")} before it read, the rest of the ${what} is lost`,
    hint: DAMAGE_HINTS[damage.code],
    line: damage.line,
    compressedOffset: damage.compressedOffset ?? null,
    rowsRead,
  };
}

/** Running totals over the whole read, for a progress bar: ETA from bytesRead / totalBytes. */
export interface ReadProgress {
  filesDone: number;
  filesTotal: number;
  /** CSV rows or JSON values read, good or rejected. */
  rowsRead: number;
  /** RejectedRows emitted (a JSON page may yield several). */
  rowsRejected: number;
  /** Bytes read from disk so far (compressed bytes for .gz/.zip). */
  bytesRead: number;
  /** Sum of the input files' sizes on disk. */
  totalBytes: number;
}

/**
 * One batch of parsed records from one input (a file or a zip entry). Accounts are de-duplicated
 * by id within the batch (an IO tweets file repeats its author on every row); tweets are not,
 * except copies of the same embedded original in JSON. Optional record fields may be present
 * with the value `undefined`.
 */
export interface LoadBatch extends LoadRecord {
  /** The input: a path, or `archive.zip!entry.csv`. */
  file: string;
  format: FormatName;
  /** Rows read (good + rejected) and rejected in this batch. */
  rowsRead: number;
  rowsRejected: number;
  /** True on the last batch of an input (which may be empty). */
  endOfFile: boolean;
  progress: ReadProgress;
}

function validateOptions(options: ReadOptions): void {
  if (options.format !== undefined && !FORMAT_NAMES.includes(options.format)) {
    throw new UsageError("BAD_OPTION", `unknown format "${options.format}"`, { hint: `formats: ${FORMAT_NAMES.join(", ")}` });
  }
  if (options.objectKind !== undefined && !SHARE_OBJECT_KINDS.includes(options.objectKind)) {
    throw new UsageError("BAD_OPTION", `unknown object kind "${options.objectKind}"`, { hint: `kinds: ${SHARE_OBJECT_KINDS.join(", ")}` });
  }
  for (const key of ["batchSize", "maxRecordChars", "maxJsonValueChars"] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new UsageError("BAD_OPTION", `${key} must be a positive integer, got ${value}`);
    }
  }
}

/**
 * Reads input files (or directories of them) as batches of records.
 *
 * @example
 * for await (const batch of readArchive("data/ira_tweets_csv_hashed.csv.gz", { onReject: (r) => rejects.push(r) })) {
 *   await writeBatch(batch.tweets, batch.accounts);
 *   bar.update(batch.progress.bytesRead / batch.progress.totalBytes);
 * }
 */
export async function* readArchive(paths: string | readonly string[], options: ReadOptions = {}): AsyncGenerator<LoadBatch> {
  validateOptions(options);
  const files = await listInputFiles(typeof paths === "string" ? [paths] : paths);
  const progress: ReadProgress = {
    filesDone: 0,
    filesTotal: files.length,
    rowsRead: 0,
    rowsRejected: 0,
    bytesRead: 0,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
  };
  const context: FormatContext = {
    maxTimeMs: (options.now ?? Date.now()) + 86_400_000,
    objectKind: options.objectKind ?? READ_DEFAULTS.objectKind,
  };
  for (const file of files) {
    for await (const entry of openInput(file, (n) => (progress.bytesRead += n))) {
      yield* readEntry(entry, options, context, progress);
    }
    progress.filesDone++;
  }
}

class BatchBuilder implements JsonRecordSink {
  tweets: TweetRecord[] = [];
  accounts = new Map<string, AccountRecord>();
  rowsRead = 0;
  rowsRejected = 0;
  /** JSON only: tweet ids in this batch, so an original embedded in many retweets is kept once. */
  private tweetIds: Set<string> | undefined;

  constructor(trackTweetIds: boolean) {
    this.tweetIds = trackTweetIds ? new Set() : undefined;
  }

  tweet(tweet: TweetRecord): void {
    this.tweets.push(tweet);
    this.tweetIds?.add(tweet.id);
  }

  embeddedTweet(tweet: TweetRecord): void {
    if (this.tweetIds?.has(tweet.id)) return;
    this.tweetIds?.add(tweet.id);
    this.tweets.push(tweet);
  }

  hasAccount(id: string): boolean {
    const previous = this.accounts.get(id);
    return previous !== undefined && !isBare(previous);
  }

  account(account: AccountRecord): void {
    const previous = this.accounts.get(account.id);
    if (previous === undefined || (isBare(previous) && !isBare(account))) this.accounts.set(account.id, account);
  }
}

function isBare(account: AccountRecord): boolean {
  return account.screenName === undefined && account.displayName === undefined && account.followers === undefined;
}

async function* readEntry(entry: InputEntry, options: ReadOptions, context: FormatContext, progress: ReadProgress): AsyncGenerator<LoadBatch> {
  const file = entry.name;
  const batchSize = options.batchSize ?? READ_DEFAULTS.batchSize;
  const strict = options.strict ?? READ_DEFAULTS.strict;
  const onReject = options.onReject;
  const ready: LoadBatch[] = [];
  let format: FormatName | undefined;
  /** JSON batches keep one copy of an original embedded in many retweets. */
  let jsonInput = false;
  let builder = new BatchBuilder(false);
  /** Rows of this input in batches already flushed. */
  let flushedRows = 0;

  const flush = (endOfFile: boolean) => {
    flushedRows += builder.rowsRead;
    progress.rowsRead += builder.rowsRead;
    progress.rowsRejected += builder.rowsRejected;
    ready.push({
      file,
      format: format!,
      tweets: builder.tweets,
      accounts: [...builder.accounts.values()],
      rowsRead: builder.rowsRead,
      rowsRejected: builder.rowsRejected,
      endOfFile,
      progress: { ...progress },
    });
    builder = new BatchBuilder(jsonInput);
  };

  /** Reports a reject (or throws in strict mode); `countRow` when it stands for a whole row. */
  const emitReject = (line: number, problem: RowProblem, raw: string, countRow: boolean) => {
    if (strict) {
      throw new InputError("BAD_ROW", problem.reason, {
        file,
        line,
        field: problem.field,
        hint: "without --strict bad rows are skipped and listed in the rejects file",
      });
    }
    builder.rowsRejected++;
    onReject?.({ file, line, field: problem.field, reason: problem.reason, raw });
    if (countRow) {
      builder.rowsRead++;
      if (builder.rowsRead >= batchSize) flush(false);
    }
  };
  const reject = (line: number, problem: RowProblem, raw: string) => emitReject(line, problem, raw, true);

  let reader: CsvReader | JsonReader | undefined;
  const pending: DecodedText[] = [];

  const startReader = (syntax: "csv" | "json") => {
    if (syntax === "csv") checkNotForcedJson({ file, forced: options.format });
    if (syntax === "json") {
      const jsonFormat = detectJsonFormat({ file, forced: options.format });
      format = jsonFormat.name;
      jsonInput = true;
      builder = new BatchBuilder(true);
      const map = jsonFormat.bind(context);
      let valueLine = 0;
      let valueRaw = "";
      // A problem inside a value (one tweet of a page) rejects that tweet; the value still counts as one row.
      const valueReject = (problem: RowProblem) => emitReject(valueLine, problem, truncateRaw(valueRaw), false);
      return new JsonReader(
        {
          value(value, line, raw) {
            valueLine = line;
            valueRaw = raw;
            map(value, builder, valueReject);
            builder.rowsRead++;
            if (builder.rowsRead >= batchSize) flush(false);
          },
          reject,
        },
        { maxValueChars: options.maxJsonValueChars ?? READ_DEFAULTS.maxJsonValueChars },
      );
    }
    let mapper: CsvRowMapper | undefined;
    let headerFields: string[] = [];
    return new CsvReader(
      {
        header(fields, line) {
          const detected = detectCsvFormat(fields, { file, line, forced: options.format });
          format = detected.format.name;
          mapper = detected.format.bind(detected.columns, context);
          headerFields = fields;
          // Spreadsheet exports pad the header with empty columns; rows may or may not carry them.
          let width = fields.length;
          while (width > 1 && fields[width - 1].trim() === "") width--;
          return width;
        },
        headerError(line, reason) {
          throw new InputError("BAD_HEADER", `cannot read the header: ${reason}`, { file, line });
        },
        row(fields, line) {
          if (fields[0] === headerFields[0] && fields.every((value, i) => value === headerFields[i])) {
            return { reason: "the header row again (several files concatenated into one?)" };
          }
          const before = builder.tweets.length;
          const problem = mapper!(fields, builder);
          if (problem !== undefined) return problem;
          // Provenance, and CooRTweet's tie-break by input order: each tweet remembers its row's line.
          for (let i = before; i < builder.tweets.length; i++) builder.tweets[i]!.sourceLine = line;
          builder.rowsRead++;
          if (builder.rowsRead >= batchSize) flush(false);
          return undefined;
        },
        reject,
      },
      { maxRecordChars: options.maxRecordChars ?? READ_DEFAULTS.maxRecordChars },
    );
  };

  const feed = (decoded: DecodedText) => {
    if (reader === undefined) {
      if (decoded.text.length === 0) return;
      pending.push(decoded);
      const syntax = sniffSyntax(pending.map((d) => d.text).join(""), file);
      if (syntax === undefined) return;
      reader = startReader(syntax);
      for (const d of pending) reader.push(d);
      pending.length = 0;
      return;
    }
    reader.push(decoded);
  };

  const decoder = new Utf8Decoder();
  let first = true;
  for await (const chunk of entry.chunks) {
    if (first && chunk.length > 0) {
      first = false;
      const encoding = sniffUnsupportedEncoding(chunk);
      if (encoding !== undefined) {
        throw new InputError("UNSUPPORTED_ENCODING", `${file} is ${encoding}, not UTF-8`, {
          file,
          hint: "convert it first, e.g. `iconv -f UTF-16 -t UTF-8`",
        });
      }
    }
    feed(decoder.decode(chunk));
    if (ready.length > 0) {
      const batches = ready.splice(0);
      for (const batch of batches) yield batch;
    }
  }
  const damage = entry.damage();
  if (damage !== undefined && strict) {
    const described = describeDamage(file, damage, flushedRows + builder.rowsRead);
    throw new InputError(damage.code, described.message, { file, line: damage.line, hint: described.hint });
  }
  feed(decoder.end());
  /** The damage as one rejected row (its raw text is the cut line) and one DamagedInput. */
  const reportDamage = (damaged: InputDamage) => {
    const described = describeDamage(file, damaged, flushedRows + builder.rowsRead);
    onReject?.({ file, line: damaged.line, reason: described.message, raw: truncateRaw(damaged.cutText) });
    options.onDamage?.(described);
  };
  if (reader === undefined) {
    progress.rowsRejected++;
    if (damage !== undefined) {
      reportDamage(damage);
      return;
    }
    // Nothing but whitespace: reported like a bad row so the user sees it, and the load goes on.
    if (strict) emitReject(1, { reason: "empty file: no header and no data" }, "", true);
    onReject?.({ file, line: 1, reason: "empty file: no header and no data", raw: "" });
    return;
  }
  reader.end();
  if (damage !== undefined) {
    builder.rowsRejected++;
    reportDamage(damage);
  }
  flush(true);
  for (const batch of ready.splice(0)) yield batch;
}
