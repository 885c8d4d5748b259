/**
 * Paths of the data fixtures the tests share. Everything a test reads lives under test/fixtures:
 * a clone of the project has nothing beside it (test/self-contained.test.ts checks that).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** CooRTweet's sample data set `russian_coord_tweets` (35,125 retweets; see test/fixtures/coortweet/README.md). */
export const russianCoordTweetsCsv = path.join(fixturesDir, "coortweet", "russian_coord_tweets.csv");

/** What CooRTweet 2.1.3 computed on `russian_coord_tweets` for a window of 10 or 60 s: its pairs (`groups`) or its network (`edges`). */
export function coortweetReferenceCsv(windowSeconds: number, kind: "groups" | "edges"): string {
  return path.join(fixturesDir, "coortweet", "coortweet-reference", `russian_coord_tweets.tw${windowSeconds}.${kind}.csv`);
}
