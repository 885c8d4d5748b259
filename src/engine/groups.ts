/**
 * The step every network analysis ends with: Louvain groups over its edges (Blondel et al. 2008),
 * then each account's number of posts in scope as a score (reports and the viewer size nodes by it).
 */
import { PARTITION_DEFAULTS, partitionAccounts, type AccountPartition } from "../core/partition.ts";
import { timed, type AnalysisContext } from "./module.ts";
import { defineOptions, type OptionValuesOf } from "./options.ts";
import { addPostCounts } from "./post-counts.ts";
import type { RunEdge } from "../run/model.ts";

/** The Louvain options every network analysis offers. */
export const groupOptions = defineOptions([
  { key: "resolution", flag: "resolution", type: "number", default: PARTITION_DEFAULTS.resolution, min: 0.01, max: 100, description: "Louvain resolution (higher: more, smaller groups)" },
  { key: "seed", flag: "seed", type: "number", integer: true, default: PARTITION_DEFAULTS.seed, description: "seed of the random steps (same seed, same groups)" },
]);

export async function groupAccounts(context: AnalysisContext, edges: readonly RunEdge[], options: OptionValuesOf<typeof groupOptions>): Promise<AccountPartition> {
  const partition = await timed(context, "louvain", () => partitionAccounts(edges, { resolution: options.resolution, seed: options.seed }));
  await timed(context, "posts", () => addPostCounts(context, partition.nodes));
  return partition;
}
