/**
 * What FiveThirtyEight/Clemson rows retweet and quote, as the real files have them: retweets whose
 * text is the retweeted tweet's (almost never "RT @name:"), quotes naming the quoted tweet by a
 * resolved permalink, `R`/`Q` in the split-by-author copy. Fixture: test/fixtures/fivethirtyeight
 * (invented rows in the real layout; its README says which parts of the shape are guesses).
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { AccountRecord, TweetRecord } from "../src/model.ts";
import { detectCsvFormat } from "../src/load/detect.ts";
import { columnIndex } from "../src/load/formats/common.ts";
import { fiveThirtyEightFormat } from "../src/load/formats/fivethirtyeight.ts";
import { fiveThirtyEightPostKind, quotedTweet, retweetedTweet, retweetTextKey } from "../src/load/formats/fivethirtyeight-shares.ts";
import { planBatch } from "../src/load/plan.ts";
import { readArchive } from "../src/load/read.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/fivethirtyeight/${name}`, import.meta.url));
const RELEASE = fixture("IRAhandle_tweets_fixture.csv");
const BY_AUTHOR = [fixture("by-author/southlake_sue.csv"), fixture("by-author/riverside_ray.csv")];
const NOW = Date.UTC(2024, 0, 1);

async function read(files: string | string[]): Promise<{ tweets: TweetRecord[]; accounts: AccountRecord[]; rejects: number }> {
  let rejects = 0;
  const tweets: TweetRecord[] = [];
  const accounts: AccountRecord[] = [];
  for await (const batch of readArchive(files, { now: NOW, onReject: () => rejects++ })) {
    tweets.push(...batch.tweets);
    accounts.push(...batch.accounts);
  }
  return { tweets, accounts, rejects };
}

const byText = (tweets: TweetRecord[], start: string) => tweets.filter((t) => t.text?.startsWith(start));
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

describe("a 538 row's kind", () => {
  test.each([
    ["RETWEET", "1", "retweet"],
    ["retweet", "1", "retweet"],
    ["R", "1", "retweet"],
    ["r", "1", "retweet"],
    ["QUOTE_TWEET", "1", "quote"],
    ["Q", "1", "quote"],
    ["q", "0", "quote"],
    ["", "0", "original"],
    ["", "1", "retweet"],
    ["", "1.0", "retweet"],
  ] as const)("post_type %j with retweet %j is %s", (postType, flag, kind) => {
    expect(fiveThirtyEightPostKind(postType, flag)).toBe(kind);
  });
});

describe("the original of a retweet without RT @name", () => {
  test("is keyed by its text with white space folded, and its author is unknown", () => {
    const original = retweetedTweet("Vote  early\r\nand often ");
    expect(original).toEqual({ id: `538rt:text:${sha1("Vote early and often")}`, text: "Vote early and often" });
    expect(retweetedTweet("Vote early and often")).toEqual(original);
    expect(retweetedTweet("\tVote early\u00a0and \n often")).toEqual(original);
  });

  test("keeps case, punctuation and links: two distinct tweets stay two originals", () => {
    expect(retweetedTweet("Vote!")?.id).not.toBe(retweetedTweet("vote")?.id);
    expect(retweetedTweet("Read https://t.co/aaaaaaaaaa")?.id).not.toBe(retweetedTweet("Read https://t.co/bbbbbbbbbb")?.id);
  });

  test("folds composed and decomposed accents (NFC)", () => {
    expect(retweetTextKey("Jose\u0301")).toBe("Jos\u00e9");
  });

  test("is the RT @name original, author named, when the text opens with one", () => {
    expect(retweetedTweet("RT @Alice_A: Vote early")).toMatchObject({ accountId: "name:alice_a", id: expect.stringMatching(/^538rt:[0-9a-f]{40}$/) });
  });

  test("is none for an empty text", () => {
    expect(retweetedTweet("  ")).toBeUndefined();
  });
});

describe("the tweet a quote quotes", () => {
  test("is the first resolved link that is a tweet's permalink, its author by screen name", () => {
    const links = ["http://www.example.com/story", "https://twitter.com/RealNewsGuy/status/783683708908539911"];
    expect(quotedTweet(links, "1")).toEqual({ id: "783683708908539911", accountId: "name:realnewsguy" });
  });

  test("is never attached media (/photo/N, /video/N) nor the row's own tweet", () => {
    expect(quotedTweet(["https://twitter.com/a/status/783683708908539911/photo/1"], "1")).toBeUndefined();
    expect(quotedTweet(["https://twitter.com/a/status/783683708908539911/video/1"], "1")).toBeUndefined();
    expect(quotedTweet(["https://twitter.com/a/status/783683708908539911"], "783683708908539911")).toBeUndefined();
  });

  test("reads mobile., statuses, a query string, and the nameless i/web form (author unknown)", () => {
    expect(quotedTweet(["https://mobile.twitter.com/Bob/statuses/42?s=19"], "1")).toEqual({ id: "42", accountId: "name:bob" });
    expect(quotedTweet(["https://twitter.com/i/web/status/42"], "1")).toEqual({ id: "42" });
  });
});

describe("the release's layout (IRAhandle_tweets_N.csv)", () => {
  test("is detected as fivethirtyeight, and the split-by-author layout too", async () => {
    const header = (await import("node:fs")).readFileSync(RELEASE, "utf8").split("\n")[0]!.split(",");
    expect(detectCsvFormat(header).format.name).toBe("fivethirtyeight");
    const split = (await import("node:fs")).readFileSync(BY_AUTHOR[0]!, "utf8").split("\n")[0]!.split(",");
    expect(detectCsvFormat(split).format.name).toBe("fivethirtyeight");
  });

  test("reads every row, with the precise time from the snowflake tweet_id", async () => {
    const { tweets, rejects } = await read(RELEASE);
    expect(rejects).toBe(0);
    expect(tweets).toHaveLength(26);
    expect(tweets.every((t) => t.timePrecision === "ms")).toBe(true);
  });

  test("retweets of one text by three accounts meet at one original, a doubled space notwithstanding", async () => {
    const { tweets } = await read(RELEASE);
    const retweets = byText(tweets, "Early voting starts Monday");
    expect(retweets).toHaveLength(4);
    expect(new Set(retweets.map((t) => t.retweetOfId)).size).toBe(1);
    expect(retweets.every((t) => t.isRetweet && t.retweetOfAccountId === undefined)).toBe(true);
  });

  test("a retweet with RT @name keeps its named author", async () => {
    const { tweets } = await read(RELEASE);
    const [first, second] = byText(tweets, "RT @CityDeskNews:");
    expect(first!.retweetOfAccountId).toBe("name:citydesknews");
    expect(first!.retweetOfText).toBeUndefined();
    expect(second!.retweetOfId).toBe(first!.retweetOfId);
  });

  test("a quote's permalink becomes its QUOTES target; a quote is not a retweet though its retweet flag is 1", async () => {
    const { tweets } = await read(RELEASE);
    const [quote] = byText(tweets, "This is exactly right");
    expect(quote).toMatchObject({ isRetweet: false, quotesId: "783683708908539911", quotesAccountId: "name:realnewsguy" });
    expect(quote!.retweetOfId).toBeUndefined();
  });

  test("a quote with only a media link, or with no link, quotes nothing the graph can name", async () => {
    const { tweets } = await read(RELEASE);
    for (const start of ["Look at this crowd", "Say it louder"]) {
      const [quote] = byText(tweets, start);
      expect(quote).toMatchObject({ isRetweet: false });
      expect(quote!.quotesId).toBeUndefined();
    }
  });

  test("article_url gives the ids and never becomes a link; tco*_step1 do", async () => {
    const { tweets } = await read(RELEASE);
    expect(tweets.flatMap((t) => t.urls).some((url) => url.includes("/statuses/"))).toBe(false);
    expect(byText(tweets, "Harbor cleanup")[0]!.urls).toEqual(["http://www.sdnews-example.com/local/harbor-cleanup"]);
  });

  test("the plan marks a text-keyed original as a stub whose author is unknown, carrying its text", async () => {
    const { tweets, accounts } = await read(RELEASE);
    const plan = planBatch([{ tweets, accounts }]);
    const [retweet] = byText(tweets, "Early voting starts Monday");
    expect(plan.authorUnknownStubs).toContainEqual([retweet!.retweetOfId, "Early voting starts Monday in Ohio. Bring ID and a friend! https://t.co/Fx1aBcDeFg"]);
    expect(plan.tweetStubs).toContainEqual([retweet!.retweetOfId, null]);
    // The RT @name original has an author and is not marked.
    const [named] = byText(tweets, "RT @CityDeskNews:");
    expect(plan.authorUnknownStubs.map(([id]) => id)).not.toContain(named!.retweetOfId);
  });
});

describe("the split-by-author layout (author_id, R/Q, ISO dates, no ids or links)", () => {
  test("keys each account by its handle, keeps its capitalisation as the screen name", async () => {
    const { tweets, accounts } = await read(BY_AUTHOR);
    expect(new Set(tweets.map((t) => t.accountId))).toEqual(new Set(["name:southlake_sue", "name:riverside_ray"]));
    expect(accounts.find((a) => a.id === "name:southlake_sue")).toMatchObject({ screenName: "SouthLake_Sue", accountCategory: "RightTroll" });
  });

  test("a tweet file with the by-author README's columns only (no author) names the account by its handle", () => {
    const header = "author_id,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,retweet".split(",");
    expect(detectCsvFormat(header).format.name).toBe("fivethirtyeight");
    const map = fiveThirtyEightFormat.bind(columnIndex(header), { maxTimeMs: NOW, objectKind: "retweet" });
    const tweets: TweetRecord[] = [];
    const accounts: AccountRecord[] = [];
    const problem = map(["southlake_sue", "Vote early", "United States", "English", "2016-10-09 17:45:00", "2016-10-09 17:45:00", "150", "320", "301", "R", "1"], {
      tweet: (t) => tweets.push(t),
      account: (a) => accounts.push(a),
      hasAccount: () => false,
    });
    expect(problem).toBeUndefined();
    expect(tweets[0]).toMatchObject({ accountId: "name:southlake_sue", isRetweet: true, retweetOfText: "Vote early" });
    expect(accounts[0]).toMatchObject({ id: "name:southlake_sue", screenName: "southlake_sue" });
  });

  test("R and r rows are retweets meeting at one original per text; Q and q rows are quotes of nothing named", async () => {
    const { tweets } = await read(BY_AUTHOR);
    const debate = byText(tweets, "Who else is watching");
    expect(debate.map((t) => t.isRetweet)).toEqual([true, true]);
    expect(debate[0]!.retweetOfId).toBe(debate[1]!.retweetOfId);
    const quotes = tweets.filter((t) => !t.isRetweet && t.text?.includes("t.co/Zq"));
    expect(quotes).toHaveLength(2);
    expect(quotes.every((q) => q.quotesId === undefined)).toBe(true);
    expect(tweets.every((t) => t.timePrecision === "min")).toBe(true);
  });
});
