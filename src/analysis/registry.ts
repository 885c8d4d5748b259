/** Every named analysis, in the order `coordgraph analyses` lists them. */
import coDomain from "../../analyses/co-domain.ts";
import coHashtag from "../../analyses/co-hashtag.ts";
import coMention from "../../analyses/co-mention.ts";
import coQuote from "../../analyses/co-quote.ts";
import coReply from "../../analyses/co-reply.ts";
import coRetweet from "../../analyses/co-retweet.ts";
import coUrl from "../../analyses/co-url.ts";
import communities from "../../analyses/communities.ts";
import coText from "../../analyses/co-text.ts";
import sync from "../../analyses/sync.ts";
import summary from "../../analyses/summary.ts";
import validate from "../../analyses/validate.ts";
import { UsageError } from "../errors.ts";
import type { AnalysisModule } from "./module.ts";

export const analyses: readonly AnalysisModule[] = [summary, communities, coRetweet, coHashtag, coUrl, coDomain, coMention, coReply, coQuote, coText, sync, validate];

export function findAnalysis(name: string): AnalysisModule {
  const module = analyses.find((a) => a.name === name);
  if (!module) {
    throw new UsageError("UNKNOWN_ANALYSIS", `no analysis named "${name}"`, { hint: `available: ${analyses.map((a) => a.name).join(", ")}` });
  }
  return module;
}
