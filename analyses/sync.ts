/**
 * `sync`: synchronized posting. Each account's activity is the set of time bins it posted in; pairs
 * active in the same uncrowded bins far more often than their own rates explain are flagged, with
 * p-values under a null model of independent activity and a multiple-testing correction
 * (method and references: src/core/sync.ts). Candidate pairs come from an index of bins.
 */
import type { AnalysisModule } from "../src/analysis/module.ts";
import { timed } from "../src/analysis/module.ts";
import { groupAccounts, groupOptions } from "../src/analysis/groups.ts";
import { precisionMs } from "../src/analysis/precision.ts";
import { scopeParams } from "../src/analysis/scope.ts";
import type { RunEdge } from "../src/analysis/types.ts";
import { SyncPostColumnsBuilder, syncDefaults, synchronizedPostingPairs, type SyncCorrection, type SyncNullModel } from "../src/core/sync.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";
import type { TimePrecision } from "../src/model.ts";

const sync: AnalysisModule = {
  name: "sync",
  description: "synchronized posting: account pairs active in the same time bins far more often than chance (p-values, multiple-testing corrected)",
  options: [
    { key: "binSeconds", flag: "bin", type: "number", default: syncDefaults.binSeconds, min: 0.001, description: "width of a time bin in seconds (never below the data's resolution: warns)" },
    { key: "actions", flag: "actions", type: "choice", default: "all", choices: ["all", "retweets", "originals"], description: "which posts count as activity" },
    { key: "minSharedBins", flag: "min-shared-bins", type: "number", integer: true, default: syncDefaults.minSharedBins, min: 1, description: "a pair must share at least this many bins" },
    { key: "alpha", flag: "alpha", type: "number", default: syncDefaults.alpha, min: 1e-12, max: 0.5, description: "significance level after correction" },
    { key: "correction", flag: "correction", type: "choice", default: syncDefaults.correction, choices: ["bh", "bonferroni"], description: "multiple-testing correction (Benjamini-Hochberg FDR or Bonferroni FWER)" },
    { key: "nullModel", flag: "null-model", type: "choice", default: syncDefaults.nullModel, choices: ["popularity", "uniform"], description: "null model: popularity (busy bins expected to be shared) or uniform (hypergeometric)" },
    { key: "maxAccountsPerBin", flag: "max-accounts-per-bin", type: "number", integer: true, default: syncDefaults.maxAccountsPerBin, min: 2, description: "bins busier than this generate no candidate pairs (crowded moments)" },
    ...groupOptions,
  ],
  async run(context, options) {
    const builder = new SyncPostColumnsBuilder();
    await timed(context, "projection", () =>
      streamRows(context.db, cypher("sync"), { ...scopeParams(context.scope), actions: options.actions }, ([account, time, precision]) => {
        builder.add(account as string, time as number, precisionMs[(precision as TimePrecision) ?? "ms"] ?? 1);
      }),
    );
    const columns = builder.build();
    const result = await timed(context, "pairs", () =>
      synchronizedPostingPairs(columns, {
        binSeconds: options.binSeconds as number,
        minSharedBins: options.minSharedBins as number,
        alpha: options.alpha as number,
        correction: options.correction as SyncCorrection,
        nullModel: options.nullModel as SyncNullModel,
        maxAccountsPerBin: options.maxAccountsPerBin as number,
      }),
    );
    const edges: RunEdge[] = result.pairs.map((p) => ({
      source: p.accountA,
      target: p.accountB,
      weight: p.sharedBins,
      attributes: { similarity: p.similarity, pValue: p.pValue, logPValue: p.logPValue, adjustedPValue: p.adjustedPValue, activeBinsA: p.activeBinsA, activeBinsB: p.activeBinsB },
    }));
    const partition = await groupAccounts(context, edges, options);
    return {
      directed: false,
      nodes: partition.nodes,
      edges,
      communities: partition.communities,
      summary: {
        posts: columns.times.length,
        activeAccounts: columns.accountIds.length,
        pairs: edges.length,
        accounts: partition.nodes.length,
        communities: partition.communities.length,
        modularity: partition.modularity,
        ...Object.fromEntries(Object.entries(result.stats).filter(([, v]) => typeof v === "number" || typeof v === "string")),
      },
      warnings: result.warnings,
    };
  },
};

export default sync;
