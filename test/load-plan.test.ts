import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { TweetIdMap } from "../src/load/bulk-ids.ts";
import { field, quoted } from "../src/load/bulk-csv.ts";
import { planBatch, plannedRelationships } from "../src/load/plan.ts";
import { TWEET_PROPERTY_KEYS } from "../src/load/properties.ts";
import type { TweetRecord } from "../src/model.ts";

function tweet(id: string, accountId: string, fields: Partial<TweetRecord> = {}): TweetRecord {
  return { id, accountId, time: 1_500_000_000_000, timePrecision: "ms", isRetweet: false, hashtags: [], urls: [], mentions: [], ...fields };
}

describe("planBatch", () => {
  it("merges a repeated tweet id into one node whose later fields win", () => {
    const plan = planBatch([{ accounts: [], tweets: [tweet("1", "a", { text: "first", likeCount: 1 }), tweet("1", "a", { likeCount: 5 })] }]);
    expect(plan.tweets).toEqual([{ id: "1", accountId: "a", props: { time: 1_500_000_000_000, timePrecision: "ms", text: "first", isRetweet: false, likeCount: 5 } }]);
  });

  it("lists each relationship once, even when a tweet repeats its hashtag or its row", () => {
    const plan = planBatch([{ accounts: [], tweets: [tweet("1", "a", { hashtags: ["x", "x", "y"] }), tweet("1", "a", { hashtags: ["y", "z"] })] }]);
    expect(plan.hashtags).toEqual([["1", "x"], ["1", "y"], ["1", "z"]]);
    expect(plan.hashtagNames).toEqual(["x", "y", "z"]);
  });

  it("makes a stub of a referenced tweet outside the batch, with the first author a row names", () => {
    const plan = planBatch([
      { accounts: [], tweets: [tweet("2", "a", { retweetOfId: "9" }), tweet("3", "b", { retweetOfId: "9", retweetOfAccountId: "c" }), tweet("4", "b", { retweetOfId: "2" })] },
    ]);
    expect(plan.tweetStubs).toEqual([["9", "c"]]);
    expect(plan.retweetOf).toEqual([["2", "9"], ["3", "9"], ["4", "2"]]);
    expect(plan.accountStubs.sort()).toEqual(["a", "b", "c"]);
  });

  it("gives each URL its domain once", () => {
    const plan = planBatch([{ accounts: [], tweets: [tweet("1", "a", { urls: ["https://www.example.org/a", "not a url"] }), tweet("2", "a", { urls: ["https://www.example.org/a"] })] }]);
    expect(plan.urlDomains).toEqual([["https://www.example.org/a", "example.org"], ["not a url", null]]);
    expect(plannedRelationships(plan)).toBe(2 + 3);
  });

  it("links a share of a bare domain through that domain's root page", () => {
    const plan = planBatch([{ accounts: [], tweets: [tweet("1", "a", { domains: ["rt.com"] })] }]);
    expect(plan.urls).toEqual([["1", "http://rt.com/"]]);
    expect(plan.urlDomains).toEqual([["http://rt.com/", "rt.com"]]);
  });
});

describe("the load statements", () => {
  it("set the tweet properties in the column order of src/load/properties.ts", () => {
    const text = fs.readFileSync(new URL("../cypher/load-tweets-new.cypher", import.meta.url), "utf8");
    const columns = [...text.matchAll(/t\.(\w+) = row\[(\d+)\]/g)].map((m) => [m[1], Number(m[2])]);
    expect(columns).toEqual(TWEET_PROPERTY_KEYS.map((key, i) => [key, i + 2]));
  });
});

describe("TweetIdMap", () => {
  const ids = ["0", "7", "999999999", "1000000000", "877919995476496385", "9223372036854775807", "9999999999999999999", "12345678901234567890", "007", "io:3f2a", ""];

  it("keeps every id apart, numeric or not, and gives each its value back", () => {
    const map = new TweetIdMap(16);
    ids.forEach((id, i) => map.set(id, i + 1));
    ids.forEach((id, i) => expect(map.get(id)).toBe(i + 1));
    expect(map.get("877919995476496386")).toBeUndefined();
    expect(map.size).toBe(ids.length);
  });

  it("lists the very id strings it was given, across growth", () => {
    const map = new TweetIdMap(16);
    const many = Array.from({ length: 5000 }, (_, i) => String(877919995476496385n + BigInt(i) * 7919n));
    for (const id of [...many, ...ids]) map.set(id, 1);
    expect([...map.entries()].map(([id]) => id).sort()).toEqual([...new Set([...many, ...ids])].sort());
  });
});

describe("import CSV fields", () => {
  it("quote empty strings and strings with quotes, commas or line breaks only", () => {
    expect(quoted("plain text")).toBe("plain text");
    expect(quoted("")).toBe('""');
    expect(quoted('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });

  it("leave a missing value empty and print numbers and booleans bare", () => {
    expect(field(undefined, "string")).toBe("");
    expect(field(1498147412543, "double")).toBe("1498147412543");
    expect(field(false, "boolean")).toBe("false");
  });
});
