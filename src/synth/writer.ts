/**
 * Writing the archive as the October 2018 release did: every field double-quoted (quotes doubled,
 * RFC 4180), empty values as `""`, lists as `[a, b]`, LF line ends, UTF-8. Rows are appended to an
 * in-memory chunk that goes to the file stream when it is large, waiting for `drain` when the stream
 * is full, so memory stays flat whatever the number of rows.
 */
import { once } from "node:events";
import { open } from "node:fs/promises";
import type { WriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { UsageError } from "../errors.ts";

/** Tweets file columns in the order of the October 2018 release (`ira_tweets_csv_hashed.csv`). */
export const TWEET_COLUMNS_2018 = [
  "tweetid", "userid", "user_display_name", "user_screen_name", "user_reported_location", "user_profile_description",
  "user_profile_url", "follower_count", "following_count", "account_creation_date", "account_language", "tweet_language",
  "tweet_text", "tweet_time", "tweet_client_name", "in_reply_to_tweetid", "in_reply_to_userid", "quoted_tweet_tweetid",
  "is_retweet", "retweet_userid", "retweet_tweetid", "latitude", "longitude", "quote_count", "reply_count", "like_count",
  "retweet_count", "hashtags", "urls", "user_mentions", "poll_choices",
] as const;

/** Users file columns in the order of the October 2018 release (`ira_users_csv_hashed.csv`). */
export const USER_COLUMNS_2018 = [
  "userid", "user_display_name", "user_screen_name", "user_reported_location", "user_profile_description",
  "user_profile_url", "follower_count", "following_count", "account_creation_date", "account_language",
] as const;

/** One CSV field, always quoted as the 2018 files quote every field. */
export function quoteField(value: string): string {
  return value.includes('"') ? `"${value.replace(/"/g, '""')}"` : `"${value}"`;
}

/** A list field as the 2018 files write it: `[a, b]`; an empty list as `emptyAs` (the files use both `[]` and ""). */
export function formatList(items: readonly string[], emptyAs: string): string {
  return items.length === 0 ? emptyAs : `[${items.join(", ")}]`;
}

/** The header row: column names quoted like the values. */
export function headerRow(columns: readonly string[]): string {
  return `${columns.map(quoteField).join(",")}\n`;
}

/** Characters buffered before a write to the stream (about 1 MB of mostly-ASCII text). */
const CHUNK_CHARS = 1 << 20;

/** A file written in large chunks with backpressure: `push` rows, `await flush()` when it says so. */
export class ChunkedFileWriter {
  private chunk = "";
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    // Kept for errors that happen while nobody awaits the stream (e.g. disk full between flushes).
    stream.on("error", (error) => (this.failure = error));
  }

  /** Opens (truncates) `path`; a path that cannot be written is a `UsageError` (`SYNTH_OUT_DIR`). */
  static async open(path: string): Promise<ChunkedFileWriter> {
    try {
      const handle = await open(path, "w");
      return new ChunkedFileWriter(path, handle.createWriteStream({ highWaterMark: 4 * CHUNK_CHARS }));
    } catch (cause) {
      throw new UsageError("SYNTH_OUT_DIR", `cannot write ${path}: ${(cause as Error).message}`, {
        file: path,
        hint: "choose a writable --out directory",
        cause,
      });
    }
  }

  /** Appends text; returns true when the caller should `await flush()` before pushing more. */
  push(text: string): boolean {
    this.chunk += text;
    return this.chunk.length >= CHUNK_CHARS;
  }

  /** Hands the buffered text to the stream, waiting while the stream's own buffer is full. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.chunk.length === 0) return;
    const chunk = this.chunk;
    this.chunk = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  /** Flushes, closes the file and returns the bytes written. */
  async close(): Promise<number> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
    return this.stream.bytesWritten;
  }
}
