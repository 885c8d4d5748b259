/**
 * The co-share family (co-retweet, co-hashtag, co-url, co-domain, co-mention, co-reply, co-quote):
 * project (object, account, share, time) rows with the analysis's own `.cypher` file, run the
 * CooRTweet-exact core (src/core/coshare.ts), test every tie against chance
 * (src/core/coaction-significance.ts), partition the chosen network with Louvain and grade its groups
 * (src/core/group-verdict.ts). edges.csv keeps CooRTweet's whole network with its weights, plus the
 * significance columns and `inNetwork`; evidence.csv lists the objects behind each tie of the network.
 */
import { cypher } from "../src/db/cypher.ts";
import { streamRows } from "../src/db/stream.ts";
import { coActionSignificance, significanceAttributes, significanceDefaults } from "../src/core/coaction-significance.ts";
import {
  buildCoordinatedNetworkTable,
  coordinatedPairRows,
  coShareDefaults,
  detectCoordinatedPairTable,
  flagFastPairTable,
  ShareTableBuilder,
  type CoordinatedPairTable,
  type CoordinationEdgeTable,
} from "../src/core/coshare.ts";
import { gradeGroups, groupHeadline, median } from "../src/core/group-verdict.ts";
import { counted } from "../src/run/words.ts";
import { mergeWeakSplits } from "../src/core/component-groups.ts";
import type { CoShareEdgeAttributes, CoShareEvidence, OtherEdges, RunEdge, RunResult, TieEvidence } from "../src/run/model.ts";
import { evidenceLabels, type ObjectKind } from "../src/engine/evidence-labels.ts";
import { groupAccounts, groupOptions } from "../src/engine/groups.ts";
import { timed, type AnalysisModule } from "../src/engine/module.ts";
import { defineOptions, type OptionSpec, type OptionValuesOf } from "../src/engine/options.ts";
import { precisionWarning } from "../src/engine/precision.ts";
import { scopeParams } from "../src/engine/scope.ts";

/** Which edges form the network that is partitioned, reported and shown. */
export const NETWORK_CHOICES = ["significant", "all", "above-threshold", "fast"] as const;

/** The options every tested network analysis shares: the network chosen, the test's level and correction, evidence kept. */
export const significanceOptions = defineOptions([
  { key: "alpha", flag: "alpha", type: "number", default: significanceDefaults.alpha, above: 0, max: 1, description: "level of the multiple-testing correction (a tie is significant when its adjusted p-value is at most this)" },
  { key: "correction", flag: "correction", type: "choice", default: significanceDefaults.correction, choices: ["bh", "bonferroni"], description: "multiple-testing correction: Benjamini-Hochberg (false discovery rate) or Bonferroni (family-wise)" },
  { key: "evidencePerTie", flag: "evidence-per-tie", type: "number", integer: true, default: 5, min: 0, max: 1000, description: "evidence items kept per tie in evidence.csv (the closest in time first)" },
]);

/** The significance method in words, for `coordgraph analyses` (details: src/core/coaction-significance.ts). */
export const COACTION_METHOD =
  "Every tie is tested against chance. Null model: each account keeps its own activity and timing, objects keep their popularity over time. " +
  "An object's actions are cut into events (bursts: an hour or ten windows apart, or where the rate jumps fourfold); account b is expected " +
  "to join each event of account a with b's propensity for events of that size, estimated on the events a did not join (all the pair's " +
  "own but one: a campaign cannot explain itself, and one co-action is never expected 0) and pooled with larger events, and to act " +
  "within the window with its own delays after events start (each hashtag, link or mention of a post is an action of its own). Ties that " +
  "could pass the correction are looked at again: b's propensity and timing are taken from events of the same size and pace (how fast " +
  "their accounts act), leaving out only the events a's group dominates, so an account that joins every event of one kind (a news " +
  "account posting every headline within seconds) is expected there. The count of matched co-actions is tested against " +
  "Poisson(expected), then Benjamini-Hochberg (or Bonferroni) over every pair of accounts at --alpha. Groups are graded strong / " +
  "moderate / weak (possibly chance) by their significant ties and how far their co-actions exceed chance. --network all partitions " +
  "CooRTweet's whole network instead.";

/** The options of every co-share analysis; `objectNoun` only words their help. */
export const coShareOptions = (objectNoun: string) =>
  defineOptions([
    { key: "timeWindowSeconds", flag: "window", type: "number", default: coShareDefaults.timeWindowSeconds, min: 0, description: `two shares of the same ${objectNoun} at most this many seconds apart are a pair (inclusive)` },
    { key: "minParticipation", flag: "min-participation", type: "number", integer: true, default: coShareDefaults.minParticipation, min: 1, description: "an account must take part in at least this many shares (CooRTweet min_participation)" },
    { key: "edgeWeightQuantile", flag: "edge-weight", type: "number", default: coShareDefaults.edgeWeightQuantile, min: 0, max: 1, description: "edges above this quantile of all weights get weightThreshold = 1 (CooRTweet edge_weight)" },
    { key: "fastWindowSeconds", flag: "fast-window", type: "optional-number", default: null, min: 0, description: "also flag the fast sub-network of pairs within this many seconds (CooRTweet flag_speed_share)" },
    { key: "network", flag: "network", type: "choice", default: "significant", choices: NETWORK_CHOICES, description: "which edges are partitioned and reported: significant (beyond chance, see `coordgraph analyses`), all (CooRTweet's network), above-threshold, fast" },
    { key: "pairTable", flag: "pairs", type: "boolean", default: false, description: `always write CooRTweet's pair table (pairs.csv); without this flag it is written only up to ${PAIR_TABLE_LIMIT.toLocaleString("en-US")} pairs` },
    ...significanceOptions,
    ...groupOptions,
  ]);

/**
 * CooRTweet's pair table is written by default only while it is small: at the IRA's size it holds
 * tens of millions of rows (10.7 GB at 9M tweets), most of a run's time, and the evidence a reader
 * needs is in evidence.csv anyway. `--pairs` writes it whatever its size.
 */
export const PAIR_TABLE_LIMIT = 1_000_000;

/** Whether a run writes pairs.csv, and why, in words run.json and the report carry. */
export function pairTableDecision(pairs: number, always: boolean, limit = PAIR_TABLE_LIMIT): { written: boolean; reason: string } {
  const count = counted(pairs, "pair");
  if (always) return { written: true, reason: `written (${count}; --pairs)` };
  if (pairs <= limit) return { written: true, reason: `written (${count}, within ${limit.toLocaleString("en-US")})` };
  return { written: false, reason: `not written: ${count}, over ${limit.toLocaleString("en-US")} (--pairs writes it)` };
}

/** Offered only where the projection can filter retweets (hashtags, links and mentions in a retweet repeat the original's). */
const includeRetweetsOption = (objectNoun: string) =>
  defineOptions([{ key: "includeRetweets", flag: "include-retweets", type: "boolean", default: false, description: `count ${objectNoun}s inside retweets too (they repeat the original's)` }]);

/** What a co-share analysis's `run` receives: `includeRetweets` only when the analysis offers it. */
export type CoShareOptions = OptionValuesOf<ReturnType<typeof coShareOptions>> & Partial<OptionValuesOf<ReturnType<typeof includeRetweetsOption>>>;

export interface CoShareDefinition {
  name: string;
  description: string;
  /** What the object is, in words ("retweeted tweet", "hashtag"). */
  objectNoun: string;
  /** Whether the projection filters retweets (hashtags, links and mentions in a retweet repeat the original's). */
  retweetsOption: boolean;
  /** What object ids are, for evidence labels. */
  objectKind: ObjectKind;
  /** Words of a group's opening line: "23 accounts {action} {n} {objectsNoun}, ...; chance would explain x of these y {coActions}" (the singulars for a count of one). */
  headline: { action: string; objectNoun: string; objectsNoun: string; coAction: string; coActions: string };
}

type ShareRow = [object: string, account: string, content: string, time: number, line: number];

/** Builds the module of one co-share analysis; its projection is `cypher/<name>.cypher`. */
export function defineCoShareAnalysis(definition: CoShareDefinition): AnalysisModule<CoShareOptions> {
  const specs: readonly OptionSpec[] = [...coShareOptions(definition.objectNoun), ...(definition.retweetsOption ? includeRetweetsOption(definition.objectNoun) : [])];
  return {
    name: definition.name,
    description: definition.description,
    method: COACTION_METHOD,
    options: specs,
    async run(context, options): Promise<RunResult> {
      const window = options.timeWindowSeconds;
      const fastWindow = options.fastWindowSeconds;
      const minParticipation = options.minParticipation;
      const networkChoice = options.network;

      // Rows arrive in the order the database holds them, which differs from one load of an archive
      // to the next; CooRTweet breaks time ties by input order, so restore the archive's own row order
      // (source line), and within a post with several objects (its hashtags) take them by object id.
      const rows: ShareRow[] = [];
      await timed(context, "projection", () =>
        streamRows(context.db, cypher(definition.name), { ...scopeParams(context.scope), includeRetweets: options.includeRetweets ?? false }, (row) => {
          rows.push([row.get("object") as string, row.get("account") as string, row.get("content") as string, row.get("time") as number, (row.get("line") as number | null) ?? 0]);
        }),
      );
      const table = await timed(context, "table", () => {
        rows.sort((a, b) => a[4] - b[4] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        const builder = new ShareTableBuilder();
        for (const [object, account, content, time] of rows) builder.add(object, account, content, time / 1000);
        rows.length = 0;
        return builder.build();
      });
      const pairs = await timed(context, "pairs", () => detectCoordinatedPairTable(table, { timeWindowSeconds: window, minParticipation }));
      const fastFlags = fastWindow === null ? null : flagFastPairTable(pairs, { fastWindowSeconds: fastWindow, minParticipation });
      const network = await timed(context, "network", () =>
        buildCoordinatedNetworkTable(pairs, { edgeWeightQuantile: options.edgeWeightQuantile, ...(fastFlags ? { fastPairs: fastFlags } : {}) }),
      );
      const significance = await timed(context, "significance", () =>
        coActionSignificance(
          table,
          { ...network, tieStart: network.edgeStart, pairsByTie: network.pairsByEdge, earlierRow: pairs.earlierRow, laterRow: pairs.laterRow },
          {
            windowSeconds: window,
            alpha: options.alpha,
            correction: options.correction,
            // Accounts below min_participation never pair (a filter on their own activity, blind to
            // co-occurrence): their pairs are not tests (independent filtering, Bourgon et al. 2010, PNAS).
            testedAccounts: accountsWithAtLeast(table.accountIndex, table.accountIds.length, minParticipation),
          },
        ),
      );

      const inNetwork = (e: number): boolean =>
        networkChoice === "significant"
          ? significance.significant[e] === 1
          : networkChoice === "above-threshold"
            ? network.weightThreshold[e] === 1
            : networkChoice === "fast"
              ? network.fast !== null && network.fast.weight[e] > 0
              : true;
      const edges: RunEdge<CoShareEdgeAttributes>[] = [];
      const edgeIndex: number[] = [];
      let otherCount = 0;
      let smallestOther = 1;
      for (let e = 0; e < network.length; e++) {
        if (inNetwork(e)) {
          edges.push(edgeAt(network, e, significance, networkChoice === "fast"));
          edgeIndex.push(e);
        } else {
          otherCount++;
          smallestOther = Math.min(smallestOther, significance.adjustedPValue[e]);
        }
      }
      // Millions of edges at archive scale: made one at a time as they are written, never held.
      const otherEdges: OtherEdges = {
        count: otherCount,
        smallestAdjustedPValue: smallestOther,
        attributeKeys: [...COSHARE_EDGE_KEYS, ...(network.fast !== null ? COSHARE_FAST_KEYS : [])],
        *[Symbol.iterator]() {
          for (let e = 0; e < network.length; e++) if (!inNetwork(e)) yield edgeAt(network, e, significance, networkChoice === "fast");
        },
      };
      const partition = await groupAccounts(context, edges, options);
      // A connected group that Louvain cuts without community structure stays one group (component-groups.ts).
      const groups = mergeWeakSplits(partition.nodes, edges);
      const graded = gradeGroups(groups.nodes, groups.communities, edges);

      const evidence = await timed(context, "evidence", () =>
        tieEvidence(context.db, definition.objectKind, pairs, network, edgeIndex, options.evidencePerTie),
      );
      const communities = headlines(graded, edges, edgeIndex, pairs, network, definition.headline);

      // CooRTweet's pair table, made row by row as it is written (tens of millions of pairs at archive scale).
      const pairRows = {
        *[Symbol.iterator]() {
          let p = 0;
          for (const pair of coordinatedPairRows(pairs)) {
            yield {
              object_id: pair.objectId,
              content_id: pair.contentId,
              content_id_y: pair.contentIdY,
              time_delta: pair.timeDelta,
              account_id: pair.accountId,
              account_id_y: pair.accountIdY,
              ...(fastFlags === null ? {} : { [`time_window_${fastWindow}`]: fastFlags[p] ? 1 : 0 }),
            };
            p++;
          }
        },
      };
      const pairTable = pairTableDecision(pairs.length, options.pairTable);
      const warning = precisionWarning(context, window, "--window");
      return {
        directed: false,
        nodes: graded.nodes,
        edges,
        otherEdges,
        communities,
        summary: {
          shares: table.length,
          pairs: pairs.length,
          networkEdges: network.length,
          significantEdges: significance.stats.significantTies,
          edgesAboveThreshold: countOnes(network.weightThreshold),
          fastEdges: network.fast === null ? 0 : network.fast.weight.filter((w) => w > 0).length,
          network: networkChoice,
          tests: significance.stats.tests,
          accounts: graded.nodes.length,
          communities: communities.length,
          strongGroups: communities.filter((c) => c.verdict === "strong").length,
          modularity: partition.modularity,
          pairTable: pairTable.reason,
        },
        evidence,
        tables: pairTable.written ? { pairs: pairRows } : {},
        warnings: warning ? [warning] : [],
      };
    },
  };
}

function accountsWithAtLeast(accountIndex: Int32Array, accountCount: number, shares: number): number {
  const counts = new Int32Array(accountCount);
  for (const a of accountIndex) counts[a]++;
  let n = 0;
  for (const c of counts) if (c >= shares) n++;
  return n;
}

const COSHARE_EDGE_KEYS = ["avgTimeDelta", "nContentId", "nContentIdY", "edgeSymmetryScore", "weightThreshold", "observed", "expected", "pValue", "logPValue", "adjustedPValue", "significant"];
const COSHARE_FAST_KEYS = ["weightFast", "avgTimeDeltaFast", "weightThresholdFast"];

function countOnes(values: Uint8Array): number {
  let n = 0;
  for (const v of values) n += v;
  return n;
}

function edgeAt(
  network: CoordinationEdgeTable,
  e: number,
  significance: ReturnType<typeof coActionSignificance>,
  fastWeight: boolean,
): RunEdge<CoShareEdgeAttributes> {
  const fast = network.fast !== null && network.fast.weight[e] > 0 ? network.fast : null;
  const attributes: CoShareEdgeAttributes = {
    avgTimeDelta: network.avgTimeDelta[e],
    nContentId: network.nContentId[e],
    nContentIdY: network.nContentIdY[e],
    edgeSymmetryScore: network.edgeSymmetryScore[e],
    weightThreshold: network.weightThreshold[e],
    ...significanceAttributes(significance, e),
  };
  if (fast !== null) {
    attributes.weightFast = fast.weight[e];
    attributes.avgTimeDeltaFast = fast.avgTimeDelta[e];
    attributes.weightThresholdFast = fast.weightThreshold[e];
  }
  return {
    source: network.accountIds[network.fromAccount[e]],
    target: network.accountIds[network.toAccount[e]],
    weight: fastWeight && fast !== null ? fast.weight[e] : network.weight[e],
    attributes,
  };
}

/**
 * For each tie of the network, the distinct objects its two accounts shared, closest in time first:
 * each with both shares, their times and the delay, oriented so that A is the tie's source.
 */
async function tieEvidence(
  db: Parameters<typeof evidenceLabels>[0],
  objectKind: ObjectKind,
  pairs: CoordinatedPairTable,
  network: CoordinationEdgeTable,
  edgeIndex: readonly number[],
  perTie: number,
): Promise<TieEvidence[]> {
  if (perTie === 0) return [];
  const { shares } = pairs;
  const evidence: TieEvidence[] = [];
  for (const e of edgeIndex) {
    const from = network.fromAccount[e];
    // The closest pair per object.
    const closest = new Map<number, number>();
    for (let k = network.edgeStart[e]; k < network.edgeStart[e + 1]; k++) {
      const p = network.pairsByEdge[k];
      const object = shares.objectIndex[pairs.earlierRow[p]];
      const delay = shares.timestamp[pairs.laterRow[p]] - shares.timestamp[pairs.earlierRow[p]];
      const kept = closest.get(object);
      if (kept === undefined || delay < shares.timestamp[pairs.laterRow[kept]] - shares.timestamp[pairs.earlierRow[kept]]) closest.set(object, p);
    }
    const chosen = [...closest.values()]
      .map((p) => ({ p, delay: shares.timestamp[pairs.laterRow[p]] - shares.timestamp[pairs.earlierRow[p]] }))
      .sort((x, y) => x.delay - y.delay || x.p - y.p)
      .slice(0, perTie);
    const items: CoShareEvidence[] = chosen.map(({ p, delay }) => {
      const [rowA, rowB] = shares.accountIndex[pairs.earlierRow[p]] === from ? [pairs.earlierRow[p], pairs.laterRow[p]] : [pairs.laterRow[p], pairs.earlierRow[p]];
      const object = shares.objectIds[shares.objectIndex[rowA]];
      return {
        kind: "co-share",
        object,
        label: objectKind === "name" ? object : null,
        contentA: shares.contentId[rowA],
        contentB: shares.contentId[rowB],
        timeA: Math.round(shares.timestamp[rowA] * 1000),
        timeB: Math.round(shares.timestamp[rowB] * 1000),
        delaySeconds: Number(delay.toFixed(3)),
      };
    });
    evidence.push({ source: network.accountIds[from], target: network.accountIds[network.toAccount[e]], items });
  }
  if (objectKind !== "name") {
    const labels = await evidenceLabels(db, objectKind, evidence.flatMap((t) => t.items.map((i) => (i as CoShareEvidence).object)));
    for (const tie of evidence) for (const item of tie.items as CoShareEvidence[]) item.label = labels.get(item.object) ?? null;
  }
  return evidence;
}

/** Each group's opening line: distinct objects shared on its internal ties and their median delay. */
function headlines(
  graded: ReturnType<typeof gradeGroups>,
  edges: readonly RunEdge[],
  edgeIndex: readonly number[],
  pairs: CoordinatedPairTable,
  network: CoordinationEdgeTable,
  words: CoShareDefinition["headline"],
): RunResult["communities"] {
  const communityOf = new Map<string, number>();
  for (const node of graded.nodes) if (node.community !== null) communityOf.set(node.id, node.community);
  const objects = new Map<number, Set<number>>();
  const delays = new Map<number, number[]>();
  const { shares } = pairs;
  edges.forEach((edge, i) => {
    const community = communityOf.get(edge.source);
    if (community === undefined || community !== communityOf.get(edge.target)) return;
    const e = edgeIndex[i]!;
    let seen = objects.get(community);
    if (seen === undefined) objects.set(community, (seen = new Set()));
    let list = delays.get(community);
    if (list === undefined) delays.set(community, (list = []));
    for (let k = network.edgeStart[e]; k < network.edgeStart[e + 1]; k++) {
      const p = network.pairsByEdge[k];
      seen.add(shares.objectIndex[pairs.earlierRow[p]]);
      list.push(shares.timestamp[pairs.laterRow[p]] - shares.timestamp[pairs.earlierRow[p]]);
    }
  });
  return graded.communities.map((c) => ({
    ...c,
    headline: groupHeadline(
      {
        action: words.action,
        objects: objects.get(c.id)?.size ?? 0,
        objectNoun: words.objectNoun,
        objectsNoun: words.objectsNoun,
        medianDelaySeconds: median(delays.get(c.id) ?? []),
        coActionNoun: words.coAction,
        coActionsNoun: words.coActions,
      },
      c,
    ),
  }));
}
