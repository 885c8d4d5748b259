/**
 * `co-text`: accounts posting the same or nearly the same text (not retweets) within a window.
 * Exact duplicates by normalised-text hash; near duplicates by MinHash over word shingles with LSH
 * banding (Broder 1997; Leskovec, Rajaraman & Ullman, ch. 3), never an all-pairs comparison. Every
 * tie is tested against chance like the co-share ties (src/core/coaction-significance.ts), a text
 * copied by hundreds of unrelated accounts making chance matches cheap; evidence: the matched posts.
 */
import { COACTION_METHOD, significanceOptions, NETWORK_CHOICES } from "./co-share-family.ts";
import { evidenceLabels } from "../src/engine/evidence-labels.ts";
import { defineAnalysis, timed } from "../src/engine/module.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { precisionWarning } from "../src/engine/precision.ts";
import { scopeParams } from "../src/engine/scope.ts";
import { coActionSignificance, significanceAttributes } from "../src/core/coaction-significance.ts";
import { CoTextIndex, coTextDefaults, type CoTextActions } from "../src/core/cotext.ts";
import { gradeGroups, groupHeadline, median } from "../src/core/group-verdict.ts";
import { mergeWeakSplits } from "../src/core/component-groups.ts";
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";
import type { CoTextEdgeAttributes, CoTextEvidence, RunEdge, TieEvidence } from "../src/run/model.ts";

/** Co-text has no CooRTweet threshold or fast sub-network: the significant ties or all of them. */
const CO_TEXT_NETWORKS = ["significant", "all"] as const satisfies ReadonlyArray<(typeof NETWORK_CHOICES)[number]>;

const coText = defineAnalysis({
  name: "co-text",
  description: "accounts posting the same or nearly the same text (not retweets) within a time window (MinHash/LSH), tested against chance",
  method: `Texts joined by exact or near matches are one object. ${COACTION_METHOD.replace(" --network all partitions CooRTweet's whole network instead.", "")}`,
  options: [
    { key: "windowSeconds", flag: "window", type: "number", default: coTextDefaults.windowSeconds, min: 0, description: "two posts at most this many seconds apart can match" },
    { key: "similarity", flag: "similarity", type: "number", default: coTextDefaults.similarity, min: 0.05, max: 1, description: "minimum Jaccard similarity of the word shingles" },
    { key: "minTokens", flag: "min-tokens", type: "number", integer: true, default: coTextDefaults.minTokens, min: 1, description: "texts with fewer normalised words are ignored" },
    { key: "shingleSize", flag: "shingle-size", type: "number", integer: true, default: coTextDefaults.shingleSize, min: 1, max: 10, description: "words per shingle" },
    { key: "minWeight", flag: "min-weight", type: "number", integer: true, default: 1, min: 1, description: "keep account pairs with at least this many matching posts" },
    { key: "network", flag: "network", type: "choice", default: "significant", choices: CO_TEXT_NETWORKS, description: "which ties are partitioned and reported: significant (beyond chance) or all matching pairs" },
    ...significanceOptions,
    ...groupOptions,
  ],
  async run(context, options) {
    const window = options.windowSeconds;
    const index = new CoTextIndex({
      windowSeconds: window,
      similarity: options.similarity,
      minTokens: options.minTokens,
      shingleSize: options.shingleSize,
      seed: options.seed,
    });
    let posts = 0;
    await timed(context, "projection+index", () =>
      streamRows(context.db, cypher("co-text"), scopeParams(context.scope), (row) => {
        posts++;
        index.add({ accountId: row.get("account") as string, tweetId: row.get("tweet") as string, time: row.get("time") as number, text: row.get("text") as string });
      }),
    );
    const result = await timed(context, "pairs", () => index.finish());
    const { actions } = result;
    const significance = await timed(context, "significance", () =>
      coActionSignificance(actions, actions.ties, { windowSeconds: window, alpha: options.alpha, correction: options.correction }),
    );
    const edges: RunEdge<CoTextEdgeAttributes>[] = [];
    const tieOf: number[] = [];
    result.edges.forEach((e, i) => {
      if (e.weight < options.minWeight) return;
      if (options.network === "significant" && significance.significant[i] !== 1) return;
      tieOf.push(i);
      edges.push({
        source: e.accountA,
        target: e.accountB,
        weight: e.weight,
        attributes: {
          exactMatches: e.exactMatches,
          meanSimilarity: e.meanSimilarity,
          minTimeDeltaSeconds: e.minTimeDelta / 1000,
          ...significanceAttributes(significance, i),
        },
      });
    });
    const partition = await groupAccounts(context, edges, options);
    // A connected group that Louvain cuts without community structure stays one group (component-groups.ts).
      const groups = mergeWeakSplits(partition.nodes, edges);
      const graded = gradeGroups(groups.nodes, groups.communities, edges);
    const { evidence, delays, objects } = await timed(context, "evidence", () => matchedPosts(context.db, actions, tieOf, options.evidencePerTie));
    const communityOf = new Map(graded.nodes.map((n) => [n.id, n.community]));
    const delaysOf = new Map<number, number[]>();
    const textsOf = new Map<number, Set<number>>();
    edges.forEach((edge, i) => {
      const c = communityOf.get(edge.source);
      if (c === null || c === undefined || c !== communityOf.get(edge.target)) return;
      // Appended in place: spreading the list anew for each tie was quadratic in a group's ties.
      const list = delaysOf.get(c) ?? [];
      for (const delay of delays[i]!) list.push(delay);
      delaysOf.set(c, list);
      const set = textsOf.get(c) ?? new Set<number>();
      for (const o of objects[i]!) set.add(o);
      textsOf.set(c, set);
    });
    const communities = graded.communities.map((c) => ({
      ...c,
      headline: groupHeadline(
        { action: "posted copies of the same", objects: textsOf.get(c.id)?.size ?? 0, objectNoun: "text", objectsNoun: "texts", medianDelaySeconds: median(delaysOf.get(c.id) ?? []), coActionNoun: "matched post", coActionsNoun: "matched posts" },
        c,
      ),
    }));
    const warning = precisionWarning(context, window, "--window");
    return {
      directed: false,
      nodes: graded.nodes,
      edges,
      communities,
      evidence,
      summary: {
        posts,
        pairs: result.edges.length,
        significantEdges: significance.stats.significantTies,
        network: options.network,
        tests: significance.stats.tests,
        accounts: graded.nodes.length,
        communities: communities.length,
        strongGroups: communities.filter((c) => c.verdict === "strong").length,
        modularity: partition.modularity,
        ...Object.fromEntries(Object.entries(result.stats).filter(([, v]) => typeof v === "number" || typeof v === "string")),
      },
      warnings: warning ? [warning] : [],
    };
  },
});

/** For each tie (index into the co-text edges), its matched post pairs closest in time first, with both texts. */
async function matchedPosts(
  db: Parameters<typeof evidenceLabels>[0],
  actions: CoTextActions,
  tieOf: readonly number[],
  perTie: number,
): Promise<{ evidence: TieEvidence[]; delays: number[][]; objects: number[][] }> {
  const { ties, timestamp, tweetIds, accountIds, accountIndex, objectIndex } = actions;
  const evidence: TieEvidence[] = [];
  const delays: number[][] = [];
  const objects: number[][] = [];
  for (const e of tieOf) {
    const from = ties.fromAccount[e];
    const matches: Array<{ a: number; b: number; delay: number; similarity: number }> = [];
    for (let k = ties.tieStart[e]; k < ties.tieStart[e + 1]; k++) {
      const p = ties.pairsByTie[k];
      const [a, b] = accountIndex[ties.earlierRow[p]] === from ? [ties.earlierRow[p], ties.laterRow[p]] : [ties.laterRow[p], ties.earlierRow[p]];
      matches.push({ a, b, delay: Math.abs(timestamp[a] - timestamp[b]), similarity: ties.similarity[p] });
    }
    matches.sort((x, y) => x.delay - y.delay || x.a - y.a || x.b - y.b);
    delays.push(matches.map((m) => m.delay));
    objects.push([...new Set(matches.map((m) => objectIndex[m.a]))]);
    const items: CoTextEvidence[] = matches.slice(0, perTie).map((m) => ({
      kind: "co-text",
      contentA: tweetIds[m.a],
      contentB: tweetIds[m.b],
      textA: null,
      textB: null,
      timeA: Math.round(timestamp[m.a] * 1000),
      timeB: Math.round(timestamp[m.b] * 1000),
      delaySeconds: Number(m.delay.toFixed(3)),
      similarity: Number(m.similarity.toFixed(4)),
    }));
    evidence.push({ source: accountIds[from], target: accountIds[ties.toAccount[e]], items });
  }
  const texts = await evidenceLabels(db, "tweet", evidence.flatMap((t) => (t.items as CoTextEvidence[]).flatMap((i) => [i.contentA, i.contentB])));
  for (const tie of evidence) {
    for (const item of tie.items as CoTextEvidence[]) {
      item.textA = texts.get(item.contentA) ?? null;
      item.textB = texts.get(item.contentB) ?? null;
    }
  }
  return { evidence, delays, objects };
}

export default coText;
