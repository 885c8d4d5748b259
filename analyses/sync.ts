/**
 * `sync`: synchronized posting. Each account's activity is the set of time bins it posted in; pairs
 * active in the same uncrowded bins far more often than their own rates explain are flagged, with
 * p-values under a null model of independent activity and a multiple-testing correction
 * (method and references: src/core/sync.ts). Candidate pairs come from an index of bins. Evidence of
 * each tie: the bins both accounts posted in, with each one's post in the bin and what it said.
 */
import { defineAnalysis, timed } from "../src/engine/module.ts";
import { evidenceLabels } from "../src/engine/evidence-labels.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { precisionMs } from "../src/engine/precision.ts";
import { scopeParams } from "../src/engine/scope.ts";
import { gradeGroups, groupHeadline, median } from "../src/core/group-verdict.ts";
import { mergeWeakSplits } from "../src/core/component-groups.ts";
import { SyncPostColumnsBuilder, syncDefaults, synchronizedPostingPairs } from "../src/core/sync.ts";
import { cypher } from "../src/db/cypher.ts";
import { readRows, type Database } from "../src/db/driver.ts";
import { streamRows } from "../src/db/stream.ts";
import type { TimePrecision } from "../src/model.ts";
import type { RunEdge, SyncEdgeAttributes, SyncEvidence, TieEvidence } from "../src/run/model.ts";
import type { Scope } from "../src/engine/scope.ts";

const sync = defineAnalysis({
  name: "sync",
  description: "synchronized posting: account pairs active in the same time bins far more often than chance (p-values, multiple-testing corrected)",
  method:
    "Each account is the set of --bin time bins it posted in. Null model (popularity): accounts keep their own number of active bins and busy " +
    "moments are busy for everyone, so the expected shared bins of a pair are k_a k_b S / E^2 over uncrowded bins (the pair itself left out); " +
    "for pairs that could pass, a second look estimates each account's propensity to be active in bins as crowded as the other's, on the bins " +
    "the other was not active in, and the larger expectation is used. Bins where both acted on one object (the same tweet retweeted or " +
    "quoted, hashtag or link) are co-shares, left to the co-share analyses: sync counts the bins where they posted different things. " +
    "Shared bins are tested against Poisson(expected), then " +
    "Benjamini-Hochberg (or Bonferroni) over every pair of active accounts at --alpha; only significant pairs form the network.",
  options: [
    { key: "binSeconds", flag: "bin", type: "number", default: syncDefaults.binSeconds, min: 0.001, description: "width of a time bin in seconds (never below the data's resolution: warns)" },
    { key: "actions", flag: "actions", type: "choice", default: "all", choices: ["all", "retweets", "originals"], description: "which posts count as activity" },
    { key: "minSharedBins", flag: "min-shared-bins", type: "number", integer: true, default: syncDefaults.minSharedBins, min: 1, description: "a pair must share at least this many bins" },
    { key: "alpha", flag: "alpha", type: "number", default: syncDefaults.alpha, above: 0, below: 1, description: "level of the multiple-testing correction (a tie is significant when its adjusted p-value is at most this)" },
    { key: "correction", flag: "correction", type: "choice", default: syncDefaults.correction, choices: ["bh", "bonferroni"], description: "multiple-testing correction (Benjamini-Hochberg FDR or Bonferroni FWER)" },
    { key: "nullModel", flag: "null-model", type: "choice", default: syncDefaults.nullModel, choices: ["popularity", "uniform"], description: "null model: popularity (busy bins expected to be shared) or uniform (hypergeometric)" },
    { key: "maxAccountsPerBin", flag: "max-accounts-per-bin", type: "number", integer: true, default: syncDefaults.maxAccountsPerBin, min: 2, description: "bins busier than this generate no candidate pairs (crowded moments)" },
    { key: "evidencePerTie", flag: "evidence-per-tie", type: "number", integer: true, default: 5, min: 0, max: 1000, description: "co-active bins kept per tie in evidence.csv (the closest posts first)" },
    ...groupOptions,
  ],
  async run(context, options) {
    const builder = new SyncPostColumnsBuilder();
    await timed(context, "projection", () =>
      streamRows(context.db, cypher("sync"), { ...scopeParams(context.scope), actions: options.actions }, (row) => {
        builder.add(row.get("account") as string, row.get("time") as number, precisionMs[(row.get("precision") as TimePrecision) ?? "ms"] ?? 1, row.get("objects") as string[]);
      }),
    );
    const columns = builder.build();
    const binSeconds = options.binSeconds;
    const result = await timed(context, "pairs", () =>
      synchronizedPostingPairs(columns, {
        binSeconds,
        minSharedBins: options.minSharedBins,
        alpha: options.alpha,
        correction: options.correction,
        nullModel: options.nullModel,
        maxAccountsPerBin: options.maxAccountsPerBin,
      }),
    );
    // Every flagged pair passed the correction: the network is the significant one.
    const edges: RunEdge<SyncEdgeAttributes>[] = result.pairs.map((p) => ({
      source: p.accountA,
      target: p.accountB,
      weight: p.sharedBins,
      attributes: {
        similarity: p.similarity,
        observed: p.sharedBins,
        expected: Number(p.expected.toPrecision(6)),
        pValue: p.pValue,
        logPValue: p.logPValue,
        adjustedPValue: p.adjustedPValue,
        significant: 1,
        activeBinsA: p.activeBinsA,
        activeBinsB: p.activeBinsB,
      },
    }));
    const partition = await groupAccounts(context, edges, options);
    // A connected group that Louvain cuts without community structure stays one group (component-groups.ts).
      const groups = mergeWeakSplits(partition.nodes, edges);
      const graded = gradeGroups(groups.nodes, groups.communities, edges);
    const { evidence, delays } = await timed(context, "evidence", () =>
      coActiveBins(context.db, context.scope, options.actions, edges, binSeconds, options.evidencePerTie),
    );
    const communityOf = new Map(graded.nodes.map((n) => [n.id, n.community]));
    const delaysOf = new Map<number, number[]>();
    edges.forEach((edge, i) => {
      const c = communityOf.get(edge.source);
      if (c === null || c === undefined || c !== communityOf.get(edge.target)) return;
      const list = delaysOf.get(c) ?? [];
      list.push(...delays[i]!);
      delaysOf.set(c, list);
    });
    const window = binSeconds % 60 === 0 ? `${binSeconds / 60}-minute` : `${binSeconds}-second`;
    const communities = graded.communities.map((c) => ({
      ...c,
      headline: groupHeadline(
        { action: `posted in the same ${window}`, objects: null, objectNoun: "window", objectsNoun: "windows, again and again", medianDelaySeconds: median(delaysOf.get(c.id) ?? []), coActionNoun: "shared window", coActionsNoun: "shared windows" },
        c,
      ),
    }));
    return {
      directed: false,
      nodes: graded.nodes,
      edges,
      communities,
      evidence,
      summary: {
        posts: columns.times.length,
        activeAccounts: columns.accountIds.length,
        pairs: edges.length,
        accounts: graded.nodes.length,
        communities: communities.length,
        strongGroups: communities.filter((c) => c.verdict === "strong").length,
        modularity: partition.modularity,
        ...Object.fromEntries(Object.entries(result.stats).filter(([, v]) => typeof v === "number" || typeof v === "string")),
      },
      warnings: result.warnings,
    };
  },
});

/**
 * The bins each tie's two accounts both posted in, with each one's post closest to the other's in the
 * bin and the two posts' texts; `perTie` kept per tie (closest first), and every such delay (for the
 * group's median). Bins where both acted on one object are left out, as the core leaves them out of
 * the count.
 */
async function coActiveBins(
  db: Database,
  scope: Scope,
  actions: string,
  edges: readonly RunEdge[],
  binSeconds: number,
  perTie: number,
): Promise<{ evidence: TieEvidence[]; delays: number[][] }> {
  const binMs = binSeconds * 1000;
  const accounts = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  type Post = { tweet: string; time: number; objects: string[] };
  const postsOf = new Map<string, Map<number, Post[]>>();
  for (let start = 0; start < accounts.length; start += 2000) {
    const rows = await readRows<{ account: string; tweet: string; time: number; objects: string[] }>(db, cypher("evidence-sync-posts"), {
      ...scopeParams(scope),
      actions,
      ids: accounts.slice(start, start + 2000),
    });
    for (const row of rows) {
      let bins = postsOf.get(row.account);
      if (bins === undefined) postsOf.set(row.account, (bins = new Map()));
      const bin = Math.floor(row.time / binMs);
      const list = bins.get(bin) ?? [];
      list.push({ tweet: row.tweet, time: row.time, objects: row.objects });
      bins.set(bin, list);
    }
  }
  const evidence: TieEvidence[] = [];
  const delays: number[][] = [];
  const kept: SyncEvidence[] = [];
  for (const edge of edges) {
    const binsA = postsOf.get(edge.source) ?? new Map<number, Post[]>();
    const binsB = postsOf.get(edge.target) ?? new Map<number, Post[]>();
    const items: SyncEvidence[] = [];
    for (const [bin, postsA] of binsA) {
      const postsB = binsB.get(bin);
      if (postsB === undefined) continue;
      const objectsA = new Set(postsA.flatMap((a) => a.objects));
      if (postsB.some((b) => b.objects.some((o) => objectsA.has(o)))) continue;
      let best: SyncEvidence | null = null;
      for (const a of postsA) {
        for (const b of postsB) {
          const delaySeconds = Math.abs(a.time - b.time) / 1000;
          if (best === null || delaySeconds < best.delaySeconds) {
            best = { kind: "sync", binStart: bin * binMs, binSeconds, contentA: a.tweet, contentB: b.tweet, textA: null, textB: null, timeA: a.time, timeB: b.time, delaySeconds };
          }
        }
      }
      items.push(best!);
    }
    items.sort((x, y) => x.delaySeconds - y.delaySeconds || x.binStart - y.binStart);
    delays.push(items.map((i) => i.delaySeconds));
    const chosen = items.slice(0, perTie);
    kept.push(...chosen);
    evidence.push({ source: edge.source, target: edge.target, items: chosen });
  }
  // Texts only of the posts the kept items name: every post of every flagged account would read far more.
  const texts = await evidenceLabels(db, "tweet", kept.flatMap((item) => [item.contentA, item.contentB]));
  for (const item of kept) {
    item.textA = texts.get(item.contentA) ?? null;
    item.textB = texts.get(item.contentB) ?? null;
  }
  return { evidence, delays };
}

export default sync;
