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
import { counted, formatCount, formatExpectation, nounFor } from "../run/words.ts";
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
    // Observed co-actions are counted, so whole; what chance gives is an expectation and keeps its decimals.
    const chance = `${counted(t.observed, "co-action")} where chance gives ${formatExpectation(t.expected)} (${formatPValue(log10P)})`;
    const beyond = `${t.significantTies} of its ${counted(t.ties, "tie")} ${t.significantTies === 1 ? "is" : "are"} beyond chance; ${chance}`;
    if (t.significantTies === 0) {
      verdict = "weak";
      const none = t.ties === 1 ? "its one tie is not" : `none of its ${counted(t.ties, "tie")} is`;
      reason = `possibly chance: ${none} beyond chance after the multiple-testing correction (best adjusted p = ${t.bestAdjusted.toPrecision(2)}); ${chance}`;
    } else if (t.significantTies >= Math.max(2, c.size - 1) && ratio >= VERDICT_RULES.strongRatio && score >= VERDICT_RULES.strongScore) {
      verdict = "strong";
      reason = beyond;
    } else {
      verdict = "moderate";
      reason = beyond;
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
 * groupHeadline({ action: "retweeted the same", objects: 41, objectNoun: "tweet", objectsNoun: "tweets", medianDelaySeconds: 4, coActionNoun: "co-retweet", coActionsNoun: "co-retweets" }, community);
 * // "23 accounts retweeted the same 41 tweets, median 4 s apart; chance would explain 0.3 of these 560 co-retweets (p < 1e-9)."
 */
export function groupHeadline(
  what: { action: string; objects: number | null; objectNoun: string; objectsNoun: string; medianDelaySeconds: number; coActionNoun: string; coActionsNoun: string },
  community: RunCommunity,
): string {
  // "retweeted the same tweet", not "the same 1 tweets"; without a count (sync's windows) the plural stands alone.
  const objects = what.objects === null ? what.objectsNoun : what.objects === 1 ? what.objectNoun : `${formatCount(what.objects)} ${what.objectsNoun}`;
  const observed = community.observed ?? 0;
  const log10P = observed > 0 ? poissonUpperTailLog(community.expected ?? 0, observed) / Math.LN10 : 0;
  return (
    `${counted(community.size, "account")} ${what.action} ${objects}, median ${formatSeconds(what.medianDelaySeconds)} apart; ` +
    `chance would explain ${formatExpectation(community.expected ?? 0)} of ${observed === 1 ? "this" : "these"} ${formatCount(observed)} ${nounFor(observed, what.coActionNoun, what.coActionsNoun)} (${formatPValue(log10P)}).`
  );
}
