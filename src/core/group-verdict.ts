/**
 * Grades the groups a run found: how far their ties stand beyond chance, in a score and in words, so
 * a reader can tell a campaign from accounts that met by chance. Groups are then numbered strongest
 * first (community 0 is the strongest), the order every report, table and legend follows.
 *
 * For a group, over its internal ties: `observed` = the co-actions counted on them, `expected` = what
 * the analysis's null model gives for them (see coaction-significance.ts, sync.ts), and the score is
 * -log10 of P(Poisson(expected) >= observed). The score describes; it is not a test: the group was
 * found from the same data, so the tie-level adjusted p-values are what carry significance. Verdicts:
 * - `strong`: enough significant ties to hold every member (at least size - 1, and at least 2), the
 *   group's co-actions at least twice what chance gives (the null is the least favourable of several,
 *   so expectations run high), and a score of at least 10;
 * - `moderate`: at least one significant tie, but fewer, or nearer chance;
 * - `weak`: no tie survives the multiple-testing correction: possibly chance.
 */
import type { GroupVerdict, RunCommunity, RunEdge, RunNode } from "../run/model.ts";
import { poissonUpperTailLog } from "./stats.ts";

/** Thresholds of the verdicts, declared once. */
export const VERDICT_RULES = Object.freeze({
  /** `strong` needs observed >= this many times expected. */
  strongRatio: 2,
  /** `strong` needs a score (-log10 p) of at least this. */
  strongScore: 10,
});

const VERDICT_RANK: Record<GroupVerdict, number> = { strong: 0, moderate: 1, weak: 2 };

export interface GradedGroups {
  nodes: RunNode[];
  communities: RunCommunity[];
  /** Old community id → new one. */
  renumbered: Map<number, number>;
}

/** Writes p for a reader: "p < 1e-9", "p = 0.003". */
export function formatPValue(log10P: number): string {
  if (!Number.isFinite(log10P)) return "p < 1e-300";
  if (log10P < -4) return `p < 1e-${Math.floor(-log10P)}`;
  const p = 10 ** log10P;
  return `p = ${p < 0.01 ? p.toPrecision(1) : p.toFixed(2)}`;
}

function formatCount(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  if (value >= 0.1) return value.toFixed(2);
  return value === 0 ? "0" : value.toPrecision(1);
}

/**
 * Scores and grades each community from its internal ties, and renumbers communities strongest first
 * (verdict, then score, then size). Nodes keep their order; their community ids follow the renumbering.
 *
 * @example
 * const graded = gradeGroups(partition.nodes, partition.communities, edges);
 * graded.communities[0].verdict; // "strong"
 */
export function gradeGroups(nodes: readonly RunNode[], communities: readonly RunCommunity[], edges: readonly RunEdge[]): GradedGroups {
  const communityOf = new Map<string, number>();
  for (const node of nodes) if (node.community !== null) communityOf.set(node.id, node.community);
  const totals = new Map<number, { observed: number; expected: number; ties: number; significantTies: number; bestAdjusted: number }>();
  for (const edge of edges) {
    const community = communityOf.get(edge.source);
    if (community === undefined || community !== communityOf.get(edge.target)) continue;
    const entry = totals.get(community) ?? { observed: 0, expected: 0, ties: 0, significantTies: 0, bestAdjusted: 1 };
    const a = edge.attributes;
    entry.observed += a.observed ?? edge.weight;
    entry.expected += a.expected ?? 0;
    entry.ties++;
    if (a.significant === 1) entry.significantTies++;
    if (a.adjustedPValue !== undefined && a.adjustedPValue < entry.bestAdjusted) entry.bestAdjusted = a.adjustedPValue;
    totals.set(community, entry);
  }
  const graded: RunCommunity[] = communities.map((c) => {
    const t = totals.get(c.id) ?? { observed: 0, expected: 0, ties: 0, significantTies: 0, bestAdjusted: 1 };
    const log10P = t.observed > 0 ? poissonUpperTailLog(t.expected, t.observed) / Math.LN10 : 0;
    const score = Number.isFinite(log10P) ? -log10P : 300;
    const ratio = t.expected > 0 ? t.observed / t.expected : Number.POSITIVE_INFINITY;
    let verdict: GroupVerdict;
    let reason: string;
    const chance = `${formatCount(t.observed)} co-actions where chance gives ${formatCount(t.expected)} (${formatPValue(log10P)})`;
    if (t.significantTies === 0) {
      verdict = "weak";
      reason = `possibly chance: none of its ${t.ties} ties is beyond chance after the multiple-testing correction (best adjusted p = ${t.bestAdjusted.toPrecision(2)}); ${chance}`;
    } else if (t.significantTies >= Math.max(2, c.size - 1) && ratio >= VERDICT_RULES.strongRatio && score >= VERDICT_RULES.strongScore) {
      verdict = "strong";
      reason = `${t.significantTies} of its ${t.ties} ties are beyond chance; ${chance}`;
    } else {
      verdict = "moderate";
      reason = `${t.significantTies} of its ${t.ties} ties ${t.significantTies === 1 ? "is" : "are"} beyond chance; ${chance}`;
    }
    return {
      ...c,
      score: Number(score.toFixed(2)),
      verdict,
      reason,
      observed: t.observed,
      expected: Number(t.expected.toPrecision(4)),
      ties: t.ties,
      significantTies: t.significantTies,
      bestAdjustedPValue: t.bestAdjusted,
    };
  });
  graded.sort((x, y) => VERDICT_RANK[x.verdict!] - VERDICT_RANK[y.verdict!] || y.score! - x.score! || y.size - x.size || x.id - y.id);
  const renumbered = new Map<number, number>();
  graded.forEach((c, i) => renumbered.set(c.id, i));
  return {
    nodes: nodes.map((n) => (n.community === null ? n : { ...n, community: renumbered.get(n.community)! })),
    communities: graded.map((c) => ({ ...c, id: renumbered.get(c.id)! })),
    renumbered,
  };
}

/** Median of a list of numbers (NaN when empty). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds in words: "4 s", "2.5 min", "3.1 h". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 90) return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
  if (seconds < 5400) return `${Number((seconds / 60).toFixed(1))} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}

/**
 * The opening line of a group in reports: what its members did together and what chance would give.
 *
 * @example
 * groupHeadline({ size: 23, action: "retweeted the same", objects: 41, objectNoun: "tweets", medianDelaySeconds: 4, coActionNoun: "co-retweets" }, community);
 * // "23 accounts retweeted the same 41 tweets, median 4 s apart; chance would explain 0.3 of these 560 co-retweets (p < 1e-9)."
 */
export function groupHeadline(
  what: { action: string; objects: number | null; objectNoun: string; medianDelaySeconds: number; coActionNoun: string },
  community: RunCommunity,
): string {
  const objects = what.objects === null ? what.objectNoun : `${what.objects.toLocaleString("en-US")} ${what.objectNoun}`;
  const log10P = (community.observed ?? 0) > 0 ? poissonUpperTailLog(community.expected ?? 0, community.observed ?? 0) / Math.LN10 : 0;
  return (
    `${community.size} accounts ${what.action} ${objects}, median ${formatSeconds(what.medianDelaySeconds)} apart; ` +
    `chance would explain ${formatCount(community.expected ?? 0)} of these ${formatCount(community.observed ?? 0)} ${what.coActionNoun} (${formatPValue(log10P)}).`
  );
}
