/**
 * Opening inputs: which files a list of paths stands for, and each file as a stream of byte
 * chunks — plain, gzip (streamed through zlib) or zip (each data entry in turn, streamed by
 * yauzl). Compression is recognised by magic bytes; a `.gz`/`.zip` that is not one is an
 * InputError naming the file. Progress is counted in bytes read from disk, the unit of the
 * total, so an ETA holds for compressed inputs too.
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
}

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
    yield { name: file.path, chunks: gunzipChunks(source, file.path, (n) => onBytes(n)) };
  } else {
    yield { name: file.path, chunks: plainChunks(source, file.path, onBytes) };
  }
}

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

/** Decompresses a gzip stream; `onCompressed` counts the compressed bytes consumed. */
async function* gunzipChunks(source: Readable, name: string, onCompressed: (bytes: number) => void): AsyncGenerator<Buffer> {
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  source.on("data", (chunk: Buffer) => onCompressed(chunk.length));
  source.on("error", (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code.startsWith("Z_") || /unexpected end|incorrect header|invalid/i.test((error as Error).message)) {
      // The location already names the file: the one-line error reads `error[BAD_GZIP] <file>: corrupt ...`.
      throw new InputError("BAD_GZIP", `corrupt or truncated gzip data (${(error as Error).message})`, {
        file: name,
        cause: error,
        hint: "the download may be incomplete: check the file with `gzip -t`",
      });
    }
    throw new InputError("READ_FAILED", `cannot read ${name}: ${(error as Error).message}`, { file: name, cause: error });
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
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
      const counted = (async function* (): AsyncGenerator<Buffer> {
        try {
          for await (const chunk of stream) {
            decompressed += (chunk as Buffer).length;
            report(start + decompressed * ratio);
            yield chunk as Buffer;
          }
        } catch (error) {
          throw badZip(error, entry.fileName);
        } finally {
          stream.destroy();
        }
        report(start + entry.compressedSize);
      })();
      const chunks = entry.fileName.toLowerCase().endsWith(".gz") ? gunzipEntry(counted, name) : counted;
      yield { name, chunks };
    }
    report(file.size);
  } finally {
    zip.close();
  }
}

async function* gunzipEntry(chunks: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  yield* gunzipChunks(Readable.from(chunks), name, () => {});
}
