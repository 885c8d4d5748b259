import { describe, expect, it } from "vitest";
import { coTextEdges, CoTextIndex, resolveCoTextOptions, type CoTextTweet } from "../src/core/cotext.ts";
import { chooseBanding, fnv1a32, jaccardSorted, lshCandidateProbability, shingleHashes } from "../src/core/minhash.ts";
import { decodeHtmlEntities, normalizeTweetText, tweetTokens } from "../src/core/text-normalize.ts";
import { seededRng, type Rng } from "../src/util/rng.ts";

const MINUTE = 60_000;
const T0 = Date.UTC(2016, 9, 1);

const TWENTY_WORDS =
  "the mainstream media will never tell you what really happened at the rally last night share this before they delete";

function tweet(accountId: string, tweetId: string, minutes: number, text: string): CoTextTweet {
  return { accountId, tweetId, time: T0 + minutes * MINUTE, text };
}

function randomText(rng: Rng, words: number): string {
  return Array.from({ length: words }, () => `w${Math.floor(rng() * 5000)}`).join(" ");
}

function shuffled<T>(items: T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe("coTextEdges", () => {
  it("pairs exact duplicates by two accounts within the window", () => {
    const { edges } = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), tweet("b", "2", 10, TWENTY_WORDS)]);
    expect(edges).toEqual([
      { accountA: "a", accountB: "b", weight: 1, exactMatches: 1, meanSimilarity: 1, exampleTweetIds: [["1", "2"]], minTimeDelta: 10 * MINUTE },
    ]);
  });

  it("pairs duplicates exactly windowSeconds apart but not one millisecond more", () => {
    const atWindow = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), tweet("b", "2", 60, TWENTY_WORDS)]);
    const beyond = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), { ...tweet("b", "2", 60, TWENTY_WORDS), time: T0 + 3_600_001 }]);
    expect(atWindow.edges).toHaveLength(1);
    expect(beyond.edges).toEqual([]);
  });

  it("does not pair duplicates outside the window", () => {
    const { edges } = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), tweet("b", "2", 120, TWENTY_WORDS)]);
    expect(edges).toEqual([]);
  });

  it("pairs a near duplicate with one word changed in a 20-word text", () => {
    const changed = TWENTY_WORDS.replace("rally", "protest");
    const { edges } = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), tweet("b", "2", 5, changed)]);
    expect(edges).toHaveLength(1);
    expect(edges[0].exactMatches).toBe(0);
    expect(edges[0].meanSimilarity).toBeCloseTo(17 / 21, 12);
  });

  it("does not pair unrelated texts", () => {
    const rng = seededRng(5);
    const tweets = Array.from({ length: 200 }, (_, i) => tweet(`acct${i}`, `${i}`, i % 30, randomText(rng, 15)));
    const { edges, stats } = coTextEdges(tweets);
    expect(edges).toEqual([]);
    expect(stats.nearTweetPairs).toBe(0);
  });

  it("ignores texts with fewer than minTokens normalised tokens", () => {
    const short = "thank you so much https://t.co/abc @friend";
    const { edges, stats } = coTextEdges([tweet("a", "1", 0, short), tweet("b", "2", 1, short)]);
    expect(edges).toEqual([]);
    expect(stats.shortTweets).toBe(2);
  });

  it("removes loops: an account repeating itself makes no edge", () => {
    const { edges } = coTextEdges([tweet("a", "1", 0, TWENTY_WORDS), tweet("a", "2", 1, TWENTY_WORDS)]);
    expect(edges).toEqual([]);
  });

  it("pairs Cyrillic texts that differ in case, punctuation, links and mentions", () => {
    const { edges } = coTextEdges([
      tweet("a", "1", 0, "Западные СМИ опять врут о событиях на Украине, не верьте им! https://t.co/xyz"),
      tweet("b", "2", 3, "@ivan западные сми опять врут о событиях на украине — не верьте им"),
    ]);
    expect(edges.map((e) => [e.accountA, e.accountB, e.meanSimilarity])).toEqual([["a", "b", 1]]);
  });

  it("gives the same edges for the same tweets in any order", () => {
    const rng = seededRng(9);
    const templates = Array.from({ length: 5 }, () => randomText(rng, 20).split(" "));
    const tweets = Array.from({ length: 300 }, (_, i) => {
      const words = [...templates[i % 5]];
      words[Math.floor(rng() * 20)] = `edit${Math.floor(rng() * 3)}`;
      return tweet(`acct${Math.floor(rng() * 40)}`, `${1000 + i}`, Math.floor(rng() * 600), words.join(" "));
    });
    const first = coTextEdges(tweets);
    expect(coTextEdges(tweets)).toEqual(first);
    const reordered = coTextEdges(shuffled(tweets, rng));
    expect(reordered.edges.length).toBeGreaterThan(50);
    // Means may differ in the last bit (summation order); everything else is identical.
    expect(reordered.edges.map(({ meanSimilarity, ...rest }) => rest)).toEqual(first.edges.map(({ meanSimilarity, ...rest }) => rest));
  });

  it("counts every matching tweet pair of two accounts once, and keeps the three closest as examples", () => {
    const tweets = [
      tweet("b", "10", 0, TWENTY_WORDS),
      tweet("b", "11", 30, TWENTY_WORDS),
      tweet("a", "20", 2, TWENTY_WORDS),
      tweet("a", "21", 29, TWENTY_WORDS.replace("rally", "protest")),
    ];
    const [edge] = coTextEdges(tweets).edges;
    expect(edge.weight).toBe(4);
    expect(edge.exactMatches).toBe(2);
    expect(edge.minTimeDelta).toBe(MINUTE);
    expect(edge.exampleTweetIds).toEqual([
      ["21", "11"],
      ["20", "10"],
      ["20", "11"],
    ]);
  });

  it("finds at least 90% of one-word edits of 20-word texts and no false pairs", () => {
    const rng = seededRng(21);
    const tweets: CoTextTweet[] = [];
    for (let i = 0; i < 200; i++) {
      const words = randomText(rng, 20).split(" ");
      tweets.push(tweet(`orig${i}`, `o${i}`, i, words.join(" ")));
      words[2 + Math.floor(rng() * 16)] = "changed";
      tweets.push(tweet(`copy${i}`, `c${i}`, i, words.join(" ")));
    }
    const { edges } = coTextEdges(tweets, { windowSeconds: 0 });
    expect(edges.every((e) => e.accountA.slice(4) === e.accountB.slice(4))).toBe(true);
    expect(edges.length).toBeGreaterThanOrEqual(180);
  });

  it("compares a crowded template only within the window", () => {
    // 300 accounts post the same text one day apart: nothing to pair, and nothing compared.
    const tweets = Array.from({ length: 300 }, (_, i) => tweet(`acct${i}`, `${i}`, i * 24 * 60, TWENTY_WORDS + (i % 2 ? " now" : "")));
    const { edges, stats } = coTextEdges(tweets);
    expect(edges).toEqual([]);
    expect(stats.exactTweetPairs + stats.candidateTweetPairs).toBe(0);
  });

  it("streams tweets through CoTextIndex with the same result", () => {
    const tweets = [tweet("a", "1", 0, TWENTY_WORDS), tweet("b", "2", 10, TWENTY_WORDS)];
    const index = new CoTextIndex();
    for (const t of tweets) index.add(t);
    expect(index.finish()).toEqual(coTextEdges(tweets));
  });

  it("rejects a similarity above 1 with a usage error", () => {
    expect(() => resolveCoTextOptions({ similarity: 1.5 })).toThrow(expect.objectContaining({ code: "BAD_OPTION" }));
  });
});

describe("tweetTokens", () => {
  it("drops links, mentions, RT prefixes, '#' and punctuation", () => {
    expect(tweetTokens("RT @bob_1: Vote NOW!!! #Election2016 https://t.co/AbC www.x.com/y")).toEqual(["vote", "now", "election2016"]);
  });

  it("decodes HTML entities before tokenising", () => {
    expect(normalizeTweetText("Fish &amp;amp; chips &gt; pizza &#39;yes&#39;")).toBe("fish chips pizza yes");
  });

  it("keeps words inside apostrophes together", () => {
    expect(tweetTokens("Don't stop, they’re lying")).toEqual(["dont", "stop", "theyre", "lying"]);
  });

  it("lower-cases Cyrillic", () => {
    expect(normalizeTweetText("  Привет,   МИР!! @ivan ")).toBe("привет мир");
  });

  it("folds Arabic and Persian spellings of the same words together", () => {
    // Arabic yeh and kaf, tatweel and a short vowel versus the Persian keyboard's letters.
    expect(normalizeTweetText("كيف حالـكَ")).toBe(normalizeTweetText("کیف حالک"));
  });

  it("splits Persian words at a zero-width non-joiner like at a space", () => {
    expect(tweetTokens("می\u200Cخواهم")).toEqual(tweetTokens("می خواهم"));
  });
});

describe("decodeHtmlEntities", () => {
  it("decodes numeric entities beyond the BMP", () => {
    expect(decodeHtmlEntities("&#x1F41F; &#128031;")).toBe("🐟 🐟");
  });
});

describe("minhash helpers", () => {
  it("hashes with FNV-1a", () => {
    expect(fnv1a32("a")).toBe(0xe40c292c);
  });

  it("computes exact Jaccard over shingle hashes", () => {
    const a = shingleHashes(["a", "b", "c", "d"], 2);
    const b = shingleHashes(["a", "b", "c", "e"], 2);
    expect(jaccardSorted(a, 0, a.length, b, 0, b.length)).toBe(2 / 4);
  });

  it("chooses 10 bands of 6 rows for 64 hashes at similarity 0.8", () => {
    expect(chooseBanding(64, 0.8, 0.95)).toEqual({ bands: 10, rows: 6 });
    expect(lshCandidateProbability(0.8, 10, 6)).toBeGreaterThan(0.95);
  });
});
