/**
 * What a FiveThirtyEight/Clemson row retweets or quotes. The release links no row to another tweet:
 * `post_type` says RETWEET or QUOTE_TWEET (R or Q in the split-by-author redistribution) and that is
 * all. What can still be read (docs/FORMATS.md, "fivethirtyeight"):
 *
 * - A retweet's `content` is the retweeted tweet's text. A few start `RT @name: <text>` (294 of
 *   104,662 retweet rows in October 2016): the original is then a stub `538rt:<sha1 of name and text>`
 *   posted by `name:<lower-cased name>`, which the load's screen-name resolution moves onto the
 *   archive's account of that name. The others name no author: the original is a stub keyed by the
 *   text alone, `538rt:text:<sha1 of the text>`, whose author is unknown (the stub says so). Either
 *   way every retweet of one text meets at one original, which is what co-retweet pairs.
 * - A quote's resolved links (`tco1_step1`..`tco3_step1`) usually hold the quoted tweet's permalink,
 *   `https://twitter.com/<screen name>/status/<id>`: the quoted tweet is that id, posted by
 *   `name:<lower-cased screen name>`. A permalink followed by `/photo/N` or `/video/N` is attached
 *   media, not the quoted tweet. A quote without such a link quotes nothing the graph can name: its
 *   `content` is the quoting account's own words, so a stub keyed by it would tie accounts that wrote
 *   alike (co-text's question), not accounts that quoted one tweet.
 */
import { createHash } from "node:crypto";
import { screenNameId } from "./ids.ts";

/** What a row is: `post_type` when it says, else the `retweet` flag (1 for quotes too in the real files). */
export type FiveThirtyEightPostKind = "original" | "retweet" | "quote";

/**
 * A row's kind from its `post_type` (`RETWEET`/`QUOTE_TWEET` as released, `R`/`Q` in the
 * split-by-author copy, any letter case) and, when that is empty or unknown, its `retweet` flag.
 *
 * @example fiveThirtyEightPostKind("QUOTE_TWEET", "1") // "quote" (the release sets retweet = 1 on quotes)
 */
export function fiveThirtyEightPostKind(postType: string, retweetFlag: string): FiveThirtyEightPostKind {
  switch (postType.trim().toUpperCase()) {
    case "RETWEET":
    case "R":
      return "retweet";
    case "QUOTE_TWEET":
    case "Q":
      return "quote";
  }
  const flag = retweetFlag.trim().toLowerCase();
  return flag === "1" || flag === "1.0" || flag === "true" ? "retweet" : "original";
}

/** The tweet a row retweets or quotes: its id and, when the row names it, its author's id. */
export interface ReferencedTweet {
  id: string;
  /** `name:<lower-cased screen name>`; absent when the release does not name the author. */
  accountId?: string;
  /** The text the id is keyed by, for an original known by its text alone. */
  text?: string;
}

const RETWEET_PREFIX = /^RT [@＠]([A-Za-z0-9_]{1,15}):?\s*/;

/**
 * The original a retweet's `RT @name: text` names, when it does: a stub tweet id stable across
 * rows, files and runs (the same text retweeted from the same account is the same original) and
 * its author's screen-name id.
 */
export function retweetedOriginal(content: string): { id: string; accountId: string } | undefined {
  const match = RETWEET_PREFIX.exec(content);
  if (match === null) return undefined;
  const name = match[1]!.toLowerCase();
  const text = content.slice(match[0].length);
  return { id: "538rt:" + createHash("sha1").update(`${name}\n${text}`).digest("hex"), accountId: screenNameId(name) };
}

/** White space other than a single plain space: most texts have none, so most rows replace nothing. */
const IRREGULAR_SPACE = /[^\S ]\s*|\s{2,}/gu;

/**
 * The text a retweet without "RT @name:" is keyed by: Unicode NFC, every run of white space (line
 * breaks, tabs, no-break spaces) one space, trimmed. Retweets of one tweet carry its text byte for
 * byte, but a copy through a spreadsheet or another CSV writer rewrites line breaks and trailing
 * spaces, and macOS tools may store decomposed accents. Nothing else is folded: src/core/text-normalize.ts
 * (co-text's normalisation) drops links, mentions, case and punctuation, which would merge distinct
 * tweets (one headline posted with two different links, "Vote!" and "vote") into one original.
 *
 * @example retweetTextKey("Vote  early\r\nand often ") // "Vote early and often"
 */
export function retweetTextKey(content: string): string {
  return content.normalize("NFC").replace(IRREGULAR_SPACE, " ").trim();
}

/**
 * The original a 538 retweet points at: the `RT @name:` original when its content opens with one,
 * else a stub keyed by its normalised text (author unknown); undefined for an empty text.
 *
 * @example retweetedTweet("Vote early").id // "538rt:text:<sha1 of 'Vote early'>", no accountId
 */
export function retweetedTweet(content: string): ReferencedTweet | undefined {
  const named = retweetedOriginal(content);
  if (named !== undefined) return named;
  const text = retweetTextKey(content);
  if (text === "") return undefined;
  return { id: "538rt:text:" + createHash("sha1").update(text).digest("hex"), text };
}

/**
 * A tweet's permalink as a resolved link gives it: `twitter.com/<screen name>/status/<id>` (also
 * `statuses`, `mobile.`/`www.`, the old `#!/` and the nameless `i/web/status/<id>`), ending there or
 * at a query or fragment. Anything after the id (`/photo/1`, `/video/1`) makes it a media link.
 */
const STATUS_LINK = /^https?:\/\/(?:www\.|mobile\.)?twitter\.com\/(?:#!\/)?(?:i\/web|([A-Za-z0-9_]{1,15}))\/status(?:es)?\/(\d{1,19})\/?(?:[?#]|$)/i;

/**
 * The tweet a quote row quotes: the first of its resolved links that is a tweet's permalink (not
 * attached media, not the row's own tweet), or undefined.
 *
 * @example quotedTweet(["https://twitter.com/Alice_A/status/914961914370850817"], "915725584461950976")
 * // { id: "914961914370850817", accountId: "name:alice_a" }
 */
export function quotedTweet(links: readonly string[], ownId: string): ReferencedTweet | undefined {
  for (const link of links) {
    const match = STATUS_LINK.exec(link);
    if (match === null || match[2] === ownId) continue;
    const name = match[1];
    return name === undefined ? { id: match[2]! } : { id: match[2]!, accountId: screenNameId(name) };
  }
  return undefined;
}
