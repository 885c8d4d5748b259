/**
 * CooRTweet's pair table (pairs.csv) is written by default only while it is small: at the IRA's size
 * it is tens of millions of rows and most of a co-share run's time. `--pairs` writes it always.
 */
import { describe, expect, it } from "vitest";
import coRetweet from "../analyses/co-retweet.ts";
import { PAIR_TABLE_LIMIT, pairTableDecision } from "../analyses/co-share-family.ts";

describe("pairTableDecision", () => {
  it("writes the table up to the limit, inclusive", () => {
    expect(pairTableDecision(PAIR_TABLE_LIMIT, false)).toEqual({ written: true, reason: "written (1,000,000 pairs, within 1,000,000)" });
  });

  it("leaves a larger table out by default and says how to get it", () => {
    expect(pairTableDecision(70_123_456, false)).toEqual({ written: false, reason: "not written: 70,123,456 pairs, over 1,000,000 (--pairs writes it)" });
  });

  it("writes a table of any size with --pairs", () => {
    expect(pairTableDecision(70_123_456, true)).toEqual({ written: true, reason: "written (70,123,456 pairs; --pairs)" });
  });
});

describe("the --pairs option", () => {
  it("is offered by every co-share analysis, off by default, and its help names the limit", () => {
    const spec = coRetweet.options.find((o) => o.key === "pairTable");
    expect(spec).toMatchObject({ flag: "pairs", type: "boolean", default: false });
    expect(spec!.description).toContain("1,000,000 pairs");
  });
});
