/**
 * Damaged compressed inputs keep what was readable: a gzip cut short (an interrupted download) or
 * followed by garbage, and a zip entry that breaks off, yield every row before the damage; the line
 * the damage cut is held back (never read as a row), and the damage becomes one rejected row and one
 * DamagedInput saying where it broke (line, and compressed byte for gzip) and how many rows came
 * before it. The read goes on with the next input; `strict` stops at the damage.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { InputError } from "../src/errors.ts";
import type { RejectedRow, TweetRecord } from "../src/model.ts";
import { readArchive, type DamagedInput } from "../src/load/read.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "coordgraph-damaged-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function readAll(paths: string | string[], strict = false) {
  const tweets: TweetRecord[] = [];
  const rejects: RejectedRow[] = [];
  const damaged: DamagedInput[] = [];
  let rowsRead = 0;
  for await (const batch of readArchive(paths, { strict, onReject: (r) => rejects.push(r), onDamage: (d) => damaged.push(d) })) {
    tweets.push(...batch.tweets);
    rowsRead += batch.rowsRead;
  }
  return { tweets, rejects, damaged, rowsRead };
}

/** Offset of line `line` (1-based) in `text`. */
function lineStart(text: Buffer, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) at = text.indexOf(0x0a, at) + 1;
  return at;
}

/**
 * The IO fixture as gzip at level 0 (stored blocks), so compressed bytes map one to one onto the
 * text after the gzip and block headers, and a cut lands at a known point of a known line. Its
 * lines: 1 header, 2 a row, 3-4 one row with a quoted line break, 5 a row, 6 a row.
 */
async function storedGzip(): Promise<{ text: Buffer; gz: Buffer; textStart: number }> {
  const text = await readFile(fixture("formats/io-archive-2018.csv"));
  const gz = gzipSync(text, { level: 0 });
  const textStart = gz.indexOf(text.subarray(0, 64));
  expect(textStart).toBeGreaterThan(0);
  return { text, gz, textStart };
}

describe("a gzip cut short", () => {
  test("keeps the rows before the cut, holds back the cut line, and says where it broke", async () => {
    const { text, gz, textStart } = await storedGzip();
    const cutAt = textStart + lineStart(text, 5) + 10; // 10 bytes into line 5
    const path = join(scratch, "cut.csv.gz");
    await writeFile(path, gz.subarray(0, cutAt));
    const whole = await readAll(fixture("formats/io-archive-2018.csv"));
    const cut = await readAll(path);

    expect(cut.tweets).toEqual(whole.tweets.slice(0, 2).map((t) => ({ ...t })));
    expect(cut.rowsRead).toBe(2);
    expect(cut.rejects).toEqual([
      {
        file: path,
        line: 5,
        reason: `corrupt or truncated gzip data (unexpected end of file) after compressed byte ${cutAt} (line 5): 2 rows before it read, the rest of the file is lost`,
        raw: text.subarray(lineStart(text, 5), lineStart(text, 5) + 10).toString(),
      },
    ]);
    expect(cut.damaged).toEqual([
      {
        file: path,
        code: "BAD_GZIP",
        message: cut.rejects[0]!.reason,
        hint: expect.stringContaining("gzip -t"),
        line: 5,
        compressedOffset: cutAt,
        rowsRead: 2,
      },
    ]);
  });

  test("cut just after a line break loses no row: every row before it is read", async () => {
    const { text, gz, textStart } = await storedGzip();
    const path = join(scratch, "cut-at-line.csv.gz");
    await writeFile(path, gz.subarray(0, textStart + lineStart(text, 6)));
    const cut = await readAll(path);
    expect(cut.tweets).toHaveLength(3);
    expect(cut.rejects.map((r) => [r.line, r.raw])).toEqual([[6, ""]]);
  });

  test("the inputs after it are read as usual", async () => {
    const { text, gz, textStart } = await storedGzip();
    const path = join(scratch, "a-cut.csv.gz");
    await writeFile(path, gz.subarray(0, textStart + lineStart(text, 5) + 10));
    const result = await readAll([path, fixture("formats/io-archive-2018.csv")]);
    expect(result.tweets).toHaveLength(2 + 4);
    expect(result.damaged.map((d) => d.file)).toEqual([path]);
  });

  test("with strict, the damage is an InputError naming the file and the line it cut", async () => {
    const { text, gz, textStart } = await storedGzip();
    const path = join(scratch, "cut-strict.csv.gz");
    await writeFile(path, gz.subarray(0, textStart + lineStart(text, 5) + 10));
    const error = await readAll(path, true).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe("BAD_GZIP");
    expect((error as InputError).location).toEqual({ file: path, line: 5, field: undefined });
  });

  test("a compressed cut (level 9, 40 bytes short) keeps every row zlib could decode", async () => {
    const rows = ["tweetid,userid,tweet_time,is_retweet,tweet_text"];
    for (let i = 0; i < 3000; i++) rows.push(`${7000 + i},u${i % 13},2017-06-22 16:${String(i % 60).padStart(2, "0")},false,row ${i} of a long file`);
    const text = Buffer.from(`${rows.join("\n")}\n`);
    const gz = gzipSync(text, { level: 9 });
    const path = join(scratch, "long-cut.csv.gz");
    await writeFile(path, gz.subarray(0, gz.length - 40));
    const cut = await readAll(path);
    // The deflate data ends 32 bytes early (the gzip trailer is 8): at most the last few lines are lost.
    expect(cut.tweets.length).toBeGreaterThan(2990);
    expect(cut.tweets.map((t) => t.id)).toEqual(Array.from({ length: cut.tweets.length }, (_, i) => String(7000 + i)));
    expect(cut.damaged[0]).toMatchObject({ code: "BAD_GZIP", compressedOffset: gz.length - 40, rowsRead: cut.tweets.length, line: cut.tweets.length + 2 });
  });
});

describe("a gzip followed by garbage", () => {
  test("keeps every row of the gzip member and breaks at the garbage", async () => {
    const text = await readFile(fixture("formats/io-archive-2018.csv"));
    const gz = gzipSync(text);
    const path = join(scratch, "garbage.csv.gz");
    await writeFile(path, Buffer.concat([gz, Buffer.from("not gzip at all\n")]));
    const result = await readAll(path);
    expect(result.tweets).toHaveLength(4);
    expect(result.damaged).toEqual([expect.objectContaining({ code: "BAD_GZIP", line: 7, rowsRead: 4 })]);
    // zlib reads the two bytes of a would-be next member's magic before it refuses them.
    expect(result.damaged[0]!.compressedOffset! - gz.length).toBeGreaterThanOrEqual(0);
    expect(result.damaged[0]!.compressedOffset! - gz.length).toBeLessThanOrEqual(1);
    expect(result.damaged[0]!.message).toMatch(/^corrupt or truncated gzip data \(incorrect header check\)/);
  });
});

describe("a zip entry that breaks off", () => {
  test("keeps the entry's rows before the damage and reads the archive's next entry", async () => {
    const zip = fixture("hostile/damaged-entry-first.zip");
    const result = await readAll(zip);
    const fromDamaged = result.tweets.filter((t) => Number(t.id) < 6000);
    expect(fromDamaged.map((t) => t.id)).toEqual(Array.from({ length: fromDamaged.length }, (_, i) => String(5000 + i)));
    expect(fromDamaged.length).toBeGreaterThan(100);
    expect(result.tweets.filter((t) => Number(t.id) >= 6000).map((t) => t.id)).toEqual(["6001", "6002"]);
    expect(result.damaged).toEqual([
      expect.objectContaining({ file: `${zip}!a-damaged.csv`, code: "BAD_ZIP", compressedOffset: null, rowsRead: fromDamaged.length, line: fromDamaged.length + 2 }),
    ]);
    expect(result.rejects).toHaveLength(1);
  });
});
