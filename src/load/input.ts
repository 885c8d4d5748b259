/**
 * Opening inputs: which files a list of paths stands for, and each file as a stream of byte
 * chunks — plain, gzip (streamed through zlib) or zip (each data entry in turn, streamed by
 * yauzl). Compression is recognised by magic bytes; a `.gz`/`.zip` that is not one is an
 * InputError naming the file. Progress is counted in bytes read from disk, the unit of the
 * total, so an ETA holds for compressed inputs too.
 *
 * Damaged compressed data (a download cut short, a corrupt block) does not lose what came before
 * it: an entry yields every whole line decoded before the damage, holds back the line it cut, and
 * then ends, its `damage()` saying where (the line, and the compressed byte for a gzip file). Node's
 * zlib stream drops the output of the write that fails and the output buffered when it fails, so
 * gzip data goes in pieces, each inflated before the next, and is read off the stream directly.
 */
import { createReadStream } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import yauzl from "yauzl";
import { InputError } from "../errors.ts";

/** A file to read and its size on disk. */
export interface InputFile {
  path: string;
  size: number;
}

/** One stream of data: a plain or gzip file, or one entry of a zip (`archive.zip!entry.csv`). */
export interface InputEntry {
  name: string;
  chunks: AsyncIterable<Buffer>;
  /** Once `chunks` is exhausted: where damaged compressed data cut it short, or undefined when it was read whole. */
  damage(): InputDamage | undefined;
}

/** Where compressed data broke off: `chunks` held every whole line before that, and nothing after. */
export interface InputDamage {
  code: "BAD_GZIP" | "BAD_ZIP";
  /** "corrupt or truncated gzip data (unexpected end of file)" */
  reason: string;
  /** 1-based physical line the damage cut (the lines before it were yielded whole). */
  line: number;
  /** The start of that line, as far as it was decoded (what a reader would have taken for a row). */
  cutText: string;
  /** For a gzip file: the compressed bytes inflated before the damage (it lies in the bytes that follow). */
  compressedOffset?: number;
}

/** Where the damage was found, before the line it cut is known. */
interface Breakage {
  code: InputDamage["code"];
  reason: string;
  compressedOffset?: number;
}

/** Compressed bytes handed to zlib at a time (see the file header): at most this much is lost to a corrupt block. */
const GUNZIP_PIECE_BYTES = 16 * 1024;
/** A cut line longer than this is passed on rather than held back (the readers reject such records anyway). */
const HELD_LINE_BYTES = 4 * 1024 * 1024;

/** Extensions read from directories and zip archives (compressed ones after decompression). */
const DATA_EXTENSIONS = new Set([".csv", ".json", ".jsonl", ".ndjson"]);
const CHUNK_BYTES = 256 * 1024;

function isDataName(name: string, allowZip: boolean): boolean {
  const base = basename(name);
  if (base.startsWith(".") || name.includes("__MACOSX/")) return false;
  let ext = extname(base).toLowerCase();
  if (ext === ".zip") return allowZip;
  if (ext === ".gz") ext = extname(base.slice(0, -3)).toLowerCase();
  return DATA_EXTENSIONS.has(ext);
}

/** Files coordgraph itself writes beside archives: synth's truth.json and load's rejects files. */
function isToolOutput(name: string): boolean {
  return name === "truth.json" || name.endsWith(".rejects.csv");
}

/**
 * The files the given paths stand for: files as given (any extension), directories walked
 * recursively for `.csv`, `.json`, `.jsonl`, `.ndjson` (optionally `.gz`) and `.zip`, skipping
 * hidden files and coordgraph's own outputs (`truth.json`, `*.rejects.csv`). Paths stay as given (relative ones relative); sorted within each directory,
 * duplicates dropped.
 *
 * @example await listInputFiles(["data/ira"]) // [{ path: "data/ira/ira_tweets_1.csv.gz", size: 1234 }, ...]
 */
export async function listInputFiles(paths: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = (path: string, size: number) => {
    const key = resolve(path);
    if (!seen.has(key)) {
      seen.add(key);
      files.push({ path, size });
    }
  };
  const walk = async (dir: string): Promise<void> => {
    const names = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of names) {
      if (dirent.name.startsWith(".")) continue;
      const path = join(dir, dirent.name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) continue;
      if (info.isDirectory()) await walk(path);
      else if (info.isFile() && isDataName(dirent.name, true) && !isToolOutput(dirent.name)) add(path, info.size);
    }
  };
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new InputError("NOT_FOUND", `no such file or directory: ${path}`, { file: path, cause: error });
    }
    if (info.isDirectory()) await walk(path);
    else add(path, info.size);
  }
  if (files.length === 0) {
    throw new InputError("NO_INPUT_FILES", `no data files in ${paths.join(", ")}`, {
      hint: "directories are searched for .csv, .json, .jsonl, .ndjson (optionally .gz) and .zip files",
    });
  }
  return files;
}

type Compression = "gzip" | "zip" | "none";

async function sniffCompression(path: string): Promise<{ compression: Compression; head: Buffer }> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { compression: "gzip", head: bytes };
    if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)) {
      return { compression: "zip", head: bytes };
    }
    return { compression: "none", head: bytes };
  } finally {
    await handle.close();
  }
}

function describeHead(head: Buffer): string {
  return head.length === 0 ? "it is empty" : `it starts with bytes ${[...head].map((b) => b.toString(16).padStart(2, "0")).join(" ")}`;
}

/**
 * The data streams of one input file, in order: one for a plain or gzip file, one per data entry
 * of a zip. `onBytes` receives the bytes read from disk as they are read (for zip entries, the
 * compressed share of each decompressed chunk, made exact at the end of the file). Consume each
 * entry's chunks before asking for the next entry.
 */
export async function* openInput(file: InputFile, onBytes: (bytes: number) => void): AsyncGenerator<InputEntry> {
  const ext = extname(file.path).toLowerCase();
  const { compression, head } = await sniffCompression(file.path).catch((error: unknown) => {
    throw new InputError("READ_FAILED", `cannot read ${file.path}: ${(error as Error).message}`, { file: file.path, cause: error });
  });
  if (ext === ".gz" && compression !== "gzip") {
    throw new InputError("BAD_GZIP", `${file.path} is not gzip data (${describeHead(head)})`, {
      file: file.path,
      hint: compression === "zip" ? "it is a zip archive: rename it to .zip" : "if it is plain text, rename it without .gz",
    });
  }
  if (ext === ".zip" && compression !== "zip") {
    throw new InputError("BAD_ZIP", `${file.path} is not a zip archive (${describeHead(head)})`, {
      file: file.path,
      hint: compression === "gzip" ? "it is gzip data: rename it to .gz" : "if it is plain text, rename it without .zip",
    });
  }
  if (compression === "zip") {
    yield* zipEntries(file, onBytes);
    return;
  }
  const source = createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
  if (compression === "gzip") {
    const found: { breakage?: Breakage } = {};
    const reread = () => plainChunks(createReadStream(file.path, { highWaterMark: CHUNK_BYTES }), file.path, () => {});
    const lines = wholeLinesUntil(gunzipChunks(plainChunks(source, file.path, () => {}), file.path, onBytes, found, reread), found);
    yield { name: file.path, chunks: lines.chunks, damage: lines.damage };
  } else {
    yield { name: file.path, chunks: plainChunks(source, file.path, onBytes), damage: () => undefined };
  }
}

/** A file's chunks, each counted by `onBytes`; a read failure is READ_FAILED naming the file. */
async function* plainChunks(source: Readable, name: string, onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of source) {
      onBytes((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  } catch (error) {
    throw new InputError("READ_FAILED", `cannot read ${name}: ${(error as Error).message}`, { file: name, cause: error });
  } finally {
    source.destroy();
  }
}

/**
 * Decompresses gzip data. Corrupt or truncated data ends the output where it broke, recorded in
 * `found.breakage` with the compressed bytes inflated before it; every byte decoded before the
 * damage is yielded. Where the data can be read again (`reread`, a file), a failure inside the
 * data (a corrupt block, trailing garbage) is inflated once more, the failing piece a byte at a time,
 * to recover the output zlib dropped with it and to find the exact byte.
 */
async function* gunzipChunks(
  source: AsyncIterable<Buffer>,
  name: string,
  onCompressed: (bytes: number) => void,
  found: { breakage?: Breakage },
  reread?: () => AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  const first: InflateOutcome = { inflated: 0, failedInData: false };
  let yielded = 0;
  for await (const chunk of inflate(source, () => GUNZIP_PIECE_BYTES, 0, first, onCompressed)) {
    yielded += chunk.length;
    yield chunk;
  }
  if (first.sourceError !== undefined) {
    throw first.sourceError instanceof InputError
      ? first.sourceError
      : new InputError("READ_FAILED", `cannot read ${name}: ${(first.sourceError as Error).message}`, { file: name, cause: first.sourceError });
  }
  if (first.zlibError === undefined) return;
  let outcome = first;
  if (reread !== undefined && first.failedInData) {
    const failedPiece = first.inflated;
    const again: InflateOutcome = { inflated: 0, failedInData: false };
    const pieceAt = (offset: number) => (offset < failedPiece ? Math.min(CHUNK_BYTES, failedPiece - offset) : 1);
    yield* inflate(reread(), pieceAt, yielded, again, () => {});
    if (again.zlibError !== undefined && again.sourceError === undefined) outcome = again;
  }
  const error = outcome.zlibError!;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (!code.startsWith("Z_") && !/unexpected end|incorrect header|invalid/i.test(error.message)) {
    throw new InputError("READ_FAILED", `cannot read ${name}: ${error.message}`, { file: name, cause: error });
  }
  found.breakage ??= { code: "BAD_GZIP", reason: `corrupt or truncated gzip data (${error.message})`, compressedOffset: outcome.inflated };
}

/** How one pass of {@link inflate} ended. */
interface InflateOutcome {
  /** Compressed bytes inflated without error. */
  inflated: number;
  zlibError?: Error;
  /** True when zlib failed on data written, not at the end of input (a truncation fails there). */
  failedInData: boolean;
  sourceError?: unknown;
}

/**
 * One pass of gzip decompression, `pieceAt(offset)` compressed bytes written at a time, each inflated
 * before the next: the last piece then never travels with the end of input (zlib's final flush,
 * whose failure would drop that piece's output), and output is read with `read()`, which still
 * returns what was buffered after an error. Skips the first `skip` output bytes; ends quietly on
 * any error, which `outcome` records.
 */
async function* inflate(source: AsyncIterable<Buffer>, pieceAt: (offset: number) => number, skip: number, outcome: InflateOutcome, onCompressed: (bytes: number) => void): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const output = bufferedThenError(gunzip);
  const closed = new Promise<void>((resolve) => gunzip.once("close", resolve));
  const pump = (async () => {
    try {
      for await (const chunk of source) {
        onCompressed(chunk.length);
        for (let at = 0; at < chunk.length; ) {
          if (gunzip.destroyed) return;
          const piece = chunk.subarray(at, at + pieceAt(outcome.inflated));
          await Promise.race([new Promise<void>((resolve) => gunzip.write(piece, () => resolve())), closed]);
          if (gunzip.destroyed) {
            outcome.failedInData = true;
            return;
          }
          outcome.inflated += piece.length;
          at += piece.length;
        }
      }
      gunzip.end();
    } catch (error) {
      outcome.sourceError = error;
      gunzip.destroy();
    }
  })();
  let toSkip = skip;
  try {
    for await (const chunk of output) {
      if (toSkip >= chunk.length) {
        toSkip -= chunk.length;
        continue;
      }
      yield toSkip > 0 ? chunk.subarray(toSkip) : chunk;
      toSkip = 0;
    }
  } catch (error) {
    outcome.zlibError = error as Error;
  } finally {
    gunzip.destroy();
    await pump.catch(() => {});
  }
}

/**
 * Passes decompressed chunks on, holding back the bytes after the last line feed until the next
 * chunk: when the data breaks off (`found.breakage` set once `chunks` ends), the cut line is kept
 * out of the data and reported in `damage()` with its line number, so no reader takes half a row for
 * a whole one. Lines longer than HELD_LINE_BYTES are passed on as they come.
 */
function wholeLinesUntil(chunks: AsyncIterable<Buffer>, found: { breakage?: Breakage }): { chunks: AsyncGenerator<Buffer>; damage: () => InputDamage | undefined } {
  let damage: InputDamage | undefined;
  const generator = async function* (): AsyncGenerator<Buffer> {
    let lineFeeds = 0;
    let held: Buffer[] = [];
    let heldBytes = 0;
    for await (const chunk of chunks) {
      const last = chunk.lastIndexOf(0x0a);
      if (last < 0) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes > HELD_LINE_BYTES) {
          yield* held;
          held = [];
          heldBytes = 0;
        }
        continue;
      }
      for (let at = chunk.indexOf(0x0a); at >= 0 && at <= last; at = chunk.indexOf(0x0a, at + 1)) lineFeeds++;
      yield* held;
      yield chunk.subarray(0, last + 1);
      held = [chunk.subarray(last + 1)];
      heldBytes = held[0]!.length;
    }
    if (found.breakage === undefined) {
      yield* held;
      return;
    }
    const cut = Buffer.concat(held);
    damage = { ...found.breakage, line: lineFeeds + 1, cutText: cut.subarray(0, 2048).toString("utf8") };
  };
  return { chunks: generator(), damage: () => damage };
}

async function* zipEntries(file: InputFile, onBytes: (bytes: number) => void): AsyncGenerator<InputEntry> {
  const badZip = (error: unknown, entry?: string) =>
    error instanceof InputError
      ? error
      : new InputError("BAD_ZIP", `cannot read zip archive (${(error as Error).message})`, {
          file: entry ? `${file.path}!${entry}` : file.path,
          cause: error,
          // yauzl refuses entry names that would land outside the extraction folder ("zip slip").
          hint: /relative path|absolute path|invalid characters/i.test((error as Error).message)
            ? "an entry name points outside the archive's folder (../ or /): extract the archive yourself after checking its contents"
            : "the download may be incomplete: check the archive with `unzip -t`",
        });
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file.path, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw badZip(error);
  }
  let reported = 0;
  const report = (upTo: number) => {
    const next = Math.min(file.size, Math.floor(upTo));
    if (next > reported) {
      onBytes(next - reported);
      reported = next;
    }
  };
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let entry: yauzl.Entry;
      try {
        const next = await entries.next();
        if (next.done) break;
        entry = next.value;
      } catch (error) {
        throw badZip(error);
      }
      if (entry.fileName.endsWith("/") || !isDataName(entry.fileName, false)) continue;
      const name = `${file.path}!${entry.fileName}`;
      if (entry.isEncrypted()) throw new InputError("BAD_ZIP", `${name} is encrypted`, { file: name, hint: "extract it with its password first" });
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw badZip(error, entry.fileName);
      }
      const start = entry.relativeOffsetOfLocalHeader;
      const ratio = entry.uncompressedSize > 0 ? entry.compressedSize / entry.uncompressedSize : 0;
      let decompressed = 0;
      const found: { breakage?: Breakage } = {};
      const read = bufferedThenError(stream);
      const counted = (async function* (): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of read) {
            decompressed += chunk.length;
            report(start + decompressed * ratio);
            yield chunk;
          }
        } catch (error) {
          // A damaged entry keeps what was read of it; the archive goes on with its next entry.
          found.breakage ??= { code: "BAD_ZIP", reason: `cannot read zip entry (${(error as Error).message})` };
        } finally {
          stream.destroy();
        }
        report(start + entry.compressedSize);
      })();
      const data = entry.fileName.toLowerCase().endsWith(".gz") ? gunzipChunks(counted, name, () => {}, found) : counted;
      const lines = wholeLinesUntil(data, found);
      yield { name, chunks: lines.chunks, damage: lines.damage };
    }
    report(file.size);
  } finally {
    zip.close();
  }
}

/**
 * A stream's chunks, then its error if it failed: unlike `for await` on the stream, which drops
 * the output it had buffered when the error came. Listens from the call on, so an error before the
 * first read is not lost (nor thrown as an unhandled 'error' event).
 */
function bufferedThenError(stream: Readable): AsyncGenerator<Buffer> {
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  stream.on("error", (error) => (failure ??= { error }));
  stream.once("end", () => (ended = true));
  for (const event of ["readable", "end", "close", "error"]) stream.on(event, notify);
  return (async function* () {
    for (;;) {
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) {
        yield chunk;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended || stream.destroyed) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  })();
}
