/**
 * The cores give the same answer whatever order their rows arrive in: a database returns rows in the
 * order its store holds them, and the same archive loaded twice must give the same verdicts. Each
 * test feeds one core the same rows in two orders (shuffled with a seeded generator).
 */
import { describe, expect, it } from "vitest";
import { coActionSignificance } from "../src/core/coaction-significance.ts";
import { coTextEdges, type CoTextTweet } from "../src/core/cotext.ts";
import { synchronizedPostingPairs, type TimedPost } from "../src/core/sync.ts";
import { seededRng } from "../src/util/rng.ts";
import { shuffled } from "./helpers/shuffle.ts";

const DAY_MS = 86_400_000;

const WORDS = "the vote count city council road water school budget park tax night market river bridge plan".split(" ");

/**
 * Organic accounts posting sentences of common words (some near one another by chance) and a group
 * copying one slogan each day with one word changed, minutes apart.
 */
function coTextTweets(): CoTextTweet[] {
  const rng = seededRng(21);
  const tweets: CoTextTweet[] = [];
  let id = 0;
  const sentence = (length: number) => Array.from({ length }, () => WORDS[Math.floor(rng() * WORDS.length)]).join(" ");
  for (let day = 0; day < 20; day++) {
    for (let a = 0; a < 60; a++) tweets.push({ accountId: `o${a}`, tweetId: String(id++), time: day * DAY_MS + Math.floor(rng() * DAY_MS), text: sentence(9) });
    const slogan = `support the new plan number ${day} for our river city and vote for it today friends, tell everyone you know to come along`;
    for (let m = 0; m < 8; m++) {
      // Copies with up to three of the last words changed: near duplicates of varying similarity.
      const words = slogan.split(" ");
      const changed = Math.floor(rng() * 4);
      for (let w = 1; w <= changed; w++) words[words.length - w] = WORDS[Math.floor(rng() * WORDS.length)]!;
      tweets.push({ accountId: `m${m}`, tweetId: String(id++), time: day * DAY_MS + 40_000_000 + m * 90_000, text: words.join(" ") });
    }
  }
  return tweets;
}

function coTextVerdicts(tweets: CoTextTweet[]) {
  const { edges, actions } = coTextEdges(tweets);
  const significance = coActionSignificance(actions, actions.ties, { windowSeconds: 3600 });
  return edges.map((edge, e) => ({ ...edge, expected: significance.expected[e], pValue: significance.pValue[e], significant: significance.significant[e] }));
}

/** Accounts posting at random moments of a month, and pairs of bots posting different things in the same minutes. */
function syncPosts(): TimedPost[] {
  const rng = seededRng(8);
  const posts: TimedPost[] = [];
  for (let a = 0; a < 150; a++) {
    for (let k = 0; k < 60; k++) posts.push({ accountId: `o${a}`, time: Math.floor(rng() * 30 * DAY_MS), precisionMs: 1000, objects: [`#t${Math.floor(rng() * 30)}`] });
  }
  for (const pair of [["b0", "b1"], ["b2", "b3"], ["b4", "b5"]]) {
    for (let k = 0; k < 40; k++) {
      const minute = Math.floor(rng() * 30 * 1440) * 60_000;
      pair.forEach((bot, i) => posts.push({ accountId: bot, time: minute + i * 20_000, precisionMs: 1000, objects: [`#${bot}-${k}`] }));
    }
  }
  return posts;
}

describe("the order of the rows", () => {
  it("changes nothing in co-text's edges and their tests", () => {
    const tweets = coTextTweets();
    const inOrder = coTextVerdicts(tweets);
    expect(inOrder.filter((edge) => edge.significant === 1).length).toBeGreaterThanOrEqual(20);
    expect(inOrder.some((edge) => edge.meanSimilarity < 1)).toBe(true);
    for (const seed of [1, 2, 3]) expect(coTextVerdicts(shuffled(tweets, seed))).toEqual(inOrder);
  });

  it("changes nothing in sync's pairs and their tests", () => {
    const posts = syncPosts();
    const inOrder = synchronizedPostingPairs(posts, { binSeconds: 60 }).pairs;
    expect(inOrder.length).toBeGreaterThanOrEqual(3);
    for (const seed of [1, 2, 3]) expect(synchronizedPostingPairs(shuffled(posts, seed), { binSeconds: 60 }).pairs).toEqual(inOrder);
  });
});
