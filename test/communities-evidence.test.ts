/**
 * The evidence of communities ties without a database: which interactions and shared targets a tie
 * shows and in what order, the projection's shared targets of a pair, the stored rows read back either
 * way round, and the words the reports and the viewer print.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pickTieEvidence, sharedTargetItem } from "../src/core/communities-evidence.ts";
import { SharedTargetProjection, type SharedTargetSet } from "../src/core/shared-targets.ts";
import { EVIDENCE_COLUMNS, EVIDENCE_FILE, evidenceRows, mirrorEvidenceItem, readTieEvidence, tieKey } from "../src/run/evidence.ts";
import { interactionWords, sharedTargetWords } from "../src/run/evidence-words.ts";
import type { InteractionEvidence, SharedTargetEvidence, TieEvidence } from "../src/run/model.ts";
import { csvLine } from "../src/util/csv-write.ts";

const set = (kind: SharedTargetSet["kind"], accounts: number, examples: string[]): SharedTargetSet => ({ kind, accounts, targets: examples.length, examples });
const mention = (countA: number, countB: number): InteractionEvidence => ({ kind: "interaction", action: "mention", countA, countB });

describe("pickTieEvidence", () => {
  it("lists the shared targets fewest accounts share first: they weigh most", () => {
    const picks = pickTieEvidence([], [set("link", 9, ["https://crowded.example/1"]), set("account", 2, ["42"]), set("tweet", 4, ["7"])], 5);
    expect(picks.map((p) => (p.kind === "shared-target" ? [p.object, p.sharingAccounts] : p.action))).toEqual([
      ["42", 2],
      ["7", 4],
      ["https://crowded.example/1", 9],
    ]);
  });

  it("puts direct interactions before shared targets, the most frequent first, and leaves out kinds that never happened", () => {
    const retweets: InteractionEvidence = { kind: "interaction", action: "retweet", countA: 1, countB: 0 };
    const picks = pickTieEvidence([retweets, mention(2, 1), { kind: "interaction", action: "quote", countA: 0, countB: 0 }], [set("link", 2, ["https://a.example/1"])], 5);
    expect(picks.map((p) => (p.kind === "interaction" ? p.action : p.object))).toEqual(["mention", "retweet", "https://a.example/1"]);
  });

  it("orders equally rare targets by kind (accounts, tweets, links) and id, whatever order they came in", () => {
    const forward = pickTieEvidence([], [set("link", 3, ["https://b.example/2", "https://b.example/1"]), set("tweet", 3, ["900", "80"]), set("account", 3, ["5"])], 10);
    const backward = pickTieEvidence([], [set("account", 3, ["5"]), set("tweet", 3, ["80", "900"]), set("link", 3, ["https://b.example/1", "https://b.example/2"])], 10);
    expect(forward).toEqual(backward);
    expect(forward.map((p) => (p.kind === "shared-target" ? p.object : ""))).toEqual(["5", "80", "900", "https://b.example/1", "https://b.example/2"]);
  });

  it("keeps at most perTie items, and none at 0", () => {
    const sets = [set("account", 2, ["1", "2", "3"]), set("link", 5, ["https://c.example/1"])];
    expect(pickTieEvidence([mention(1, 0)], sets, 2).map((p) => (p.kind === "interaction" ? p.action : p.object))).toEqual(["mention", "1"]);
    expect(pickTieEvidence([mention(1, 0)], sets, 0)).toEqual([]);
  });
});

describe("SharedTargetProjection.sharedTargetsOf", () => {
  it("gives a pair the sets of targets both amplified, with their sizes and example ids, and none of the crowded ones", () => {
    const projection = new SharedTargetProjection();
    projection.addTarget("link", ["a", "b"], 2, ["https://x.example/1", "https://x.example/2"]);
    projection.addTarget("account", ["a", "c"], 1, ["10"]);
    projection.addTarget("tweet", ["c", "b", "a"], 1, ["20"]);
    projection.addTarget("account", ["a", "b", "c", "d"], 1, ["30"]);
    projection.addSoleTargets("a", 5);
    const [ab, cd, unknown] = projection.sharedTargetsOf(
      [
        { source: "a", target: "b" },
        { source: "c", target: "d" },
        { source: "a", target: "nobody" },
      ],
      { maxTargetAccounts: 3 },
    );
    expect(ab).toEqual([
      { kind: "link", accounts: 2, targets: 2, examples: ["https://x.example/1", "https://x.example/2"] },
      { kind: "tweet", accounts: 3, targets: 1, examples: ["20"] },
    ]);
    expect(cd).toEqual([]);
    expect(unknown).toEqual([]);
  });
});

const sharedLink: SharedTargetEvidence = sharedTargetItem(
  { kind: "shared-target", targetKind: "link", object: "https://news.example/story", sharingAccounts: 3 },
  "https://news.example/story",
  { tweet: "101", time: Date.UTC(2016, 9, 1, 12, 1), text: "read this https://t.co/x", action: "link", posts: 1 },
  { tweet: "202", time: Date.UTC(2016, 9, 1, 14, 30), text: "and this https://t.co/y", action: "link", posts: 3 },
)!;

describe("communities evidence items", () => {
  it("takes each account's earliest post, how many posts amplified the target, and the gap between the two", () => {
    expect(sharedLink).toMatchObject({ contentA: "101", contentB: "202", countA: 1, countB: 3, delaySeconds: 8940, sharingAccounts: 3 });
    expect(sharedTargetItem({ kind: "shared-target", targetKind: "link", object: "u", sharingAccounts: 2 }, "u", undefined, undefined)).toBeNull();
  });

  it("mirrors every A and B field for the tie's other account", () => {
    expect(mirrorEvidenceItem(mention(2, 0))).toEqual(mention(0, 2));
    expect(mirrorEvidenceItem(sharedLink)).toMatchObject({ contentA: "202", contentB: "101", textA: "and this https://t.co/y", countA: 3, countB: 1, timeA: sharedLink.timeB });
    expect(mirrorEvidenceItem(mirrorEvidenceItem(sharedLink))).toEqual(sharedLink);
  });

  it("reads back from evidence.csv what was written, mirrored when asked the other way round", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-communities-evidence-"));
    try {
      const tie: TieEvidence = { source: "a1", target: "b2", items: [mention(1, 2), sharedLink, { ...sharedLink, targetKind: "account", object: "42", label: null, actionA: "retweet", actionB: "mention" }] };
      const lines = [csvLine(EVIDENCE_COLUMNS), ...[...evidenceRows([tie])].map((row) => csvLine(EVIDENCE_COLUMNS.map((c) => row[c])))];
      fs.writeFileSync(path.join(dir, EVIDENCE_FILE), lines.join(""));
      const header = fs.readFileSync(path.join(dir, EVIDENCE_FILE), "utf8").split("\n")[0]!;
      // The columns other analyses write keep their places; communities' come after them.
      expect(header.startsWith("source,target,kind,object,label,content_a,content_b,text_a,text_b,time_a,time_b,delay_seconds,similarity,bin_start,bin_seconds,")).toBe(true);
      const read = (await readTieEvidence(dir)).get(tieKey("a1", "b2"))!;
      expect(read.items).toEqual(tie.items);

      const reversed = { source: "b2", target: "a1", items: tie.items.map(mirrorEvidenceItem) };
      const reversedLines = [csvLine(EVIDENCE_COLUMNS), ...[...evidenceRows([reversed])].map((row) => csvLine(EVIDENCE_COLUMNS.map((c) => row[c])))];
      fs.writeFileSync(path.join(dir, EVIDENCE_FILE), reversedLines.join(""));
      expect((await readTieEvidence(dir)).get(tieKey("a1", "b2"))!.items).toEqual(tie.items);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("communities evidence in words", () => {
  it("says who did what to whom, and how often", () => {
    expect(interactionWords({ kind: "interaction", action: "retweet", countA: 3, countB: 1 }, "ann", "bob")).toBe("ann retweeted bob 3 times, bob retweeted ann once");
    expect(interactionWords({ kind: "interaction", action: "reply", countA: 0, countB: 2 }, "A", "B")).toBe("B replied to A twice");
  });

  it("names the shared target, how many accounts share it and each account's first post", () => {
    expect(sharedTargetWords(sharedLink, "A", "B")).toBe(
      "both posted the link https://news.example/story (shared by 3 accounts): A at 2016-10-01 12:01:00 UTC, B at 2016-10-01 14:30:00 UTC (first of 3)",
    );
    const account = { ...sharedLink, targetKind: "account" as const, object: "1100", label: "someaccount", sharingAccounts: 2, actionA: "retweet" as const, actionB: "mention" as const, countB: 1 };
    expect(sharedTargetWords(account, "A", "B")).toBe(
      "both amplified @someaccount (no other account shares it): A retweeted it at 2016-10-01 12:01:00 UTC, B mentioned it at 2016-10-01 14:30:00 UTC",
    );
  });

  it("shows a hashed account by its short id and a stub tweet by the retweet's text", () => {
    const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const account = { ...sharedLink, targetKind: "account" as const, object: hash, label: hash, actionA: "mention" as const, actionB: "mention" as const };
    expect(sharedTargetWords(account, "A", "B")).toMatch(/^both mentioned account 9f86d081… \(shared by 3 accounts\)/);
    const tweet = { ...sharedLink, targetKind: "tweet" as const, object: "555", label: null, actionA: "retweet" as const, actionB: "retweet" as const, textA: "RT @someone: a story &amp; more" };
    expect(sharedTargetWords(tweet, "A", "B")).toMatch(/^both retweeted the tweet “RT @someone: a story & more” \(shared by 3 accounts\)/);
  });
});
