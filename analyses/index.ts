/** The registry: every named analysis, in the order `coordgraph analyses` lists them. */
import coDomain from "./co-domain.ts";
import coHashtag from "./co-hashtag.ts";
import coMention from "./co-mention.ts";
import coQuote from "./co-quote.ts";
import coReply from "./co-reply.ts";
import coRetweet from "./co-retweet.ts";
import coUrl from "./co-url.ts";
import communities from "./communities.ts";
import coText from "./co-text.ts";
import sync from "./sync.ts";
import summary from "./summary.ts";
import validate from "./validate.ts";
import { UsageError } from "../src/errors.ts";
import type { AnalysisModule } from "../src/engine/module.ts";

export const analyses: readonly AnalysisModule[] = [summary, communities, coRetweet, coHashtag, coUrl, coDomain, coMention, coReply, coQuote, coText, sync, validate];

export function findAnalysis(name: string): AnalysisModule {
  const module = analyses.find((a) => a.name === name);
  if (!module) {
    throw new UsageError("UNKNOWN_ANALYSIS", `no analysis named "${name}"`, { hint: `available: ${analyses.map((a) => a.name).join(", ")}` });
  }
  return module;
}
