/** The shared-target backbone (src/core/shared-targets.ts) on plain arrays, without Neo4j. */
import { describe, expect, it } from "vitest";
import { SharedTargetProjection, refinedNormalTailLog, sharedTargetBackbone, type TargetKind } from "../src/core/shared-targets.ts";
import { linkProbability, solveBicm } from "../src/core/bicm.ts";
import { UsageError } from "../src/errors.ts";
import { seededRng } from "../src/util/rng.ts";

type Target = { kind: TargetKind; accounts: string[] };

/**
 * Three teams of eight accounts, each member amplifying each of its team's 40 targets with chance 0.6,
 * every account naming the same 6 popular targets, and 3 targets of its own.
 */
function teamsArchive(seed = 1): Target[] {
  const rng = seededRng(seed);
  const teams = ["a", "b", "c"].map((team) => Array.from({ length: 8 }, (_, i) => `${team}${i}`));
  const targets: Target[] = [];
  for (const team of teams) {
    for (let o = 0; o < 40; o++) targets.push({ kind: o % 2 === 0 ? "account" : "link", accounts: team.filter(() => rng() < 0.6) });
  }
  const everyone = teams.flat();
  for (let o = 0; o < 6; o++) targets.push({ kind: "account", accounts: everyone });
  for (const account of everyone) for (let o = 0; o < 3; o++) targets.push({ kind: "tweet", accounts: [account] });
  return targets;
}

const sameTeam = (tie: { source: string; target: string }) => tie.source[0] === tie.target[0];

/** P(X >= x) for a sum of independent Bernoulli trials, by convolution. */
function poissonBinomialTail(probabilities: number[], x: number): number {
  let pmf = [1];
  for (const q of probabilities) {
    const next = new Array<number>(pmf.length + 1).fill(0);
    pmf.forEach((p, j) => {
      next[j] += p * (1 - q);
      next[j + 1] += p * q;
    });
    pmf = next;
  }
  return pmf.slice(x).reduce((sum, p) => sum + p, 0);
}

describe("sharedTargetBackbone", () => {
  it("ties accounts of one team through the targets they amplify together", () => {
    const { ties } = sharedTargetBackbone(teamsArchive());
    const withinTeams = ties.filter(sameTeam);
    expect(withinTeams.length).toBeGreaterThan(0.6 * 3 * 28);
    const tied = new Set(withinTeams.flatMap((tie) => [tie.source, tie.target]));
    expect(tied.size).toBe(24);
  });

  it("does not tie accounts of different teams through the targets everyone names", () => {
    const everyPair = sharedTargetBackbone(teamsArchive(), { alpha: 1 }).ties;
    expect(everyPair.filter((tie) => !sameTeam(tie)).length).toBe(3 * 64); // every cross-team pair shares the popular targets
    expect(sharedTargetBackbone(teamsArchive()).ties.filter((tie) => !sameTeam(tie))).toEqual([]);
  });

  it("ties no one when the only shared targets are those everyone names", () => {
    const accounts = Array.from({ length: 12 }, (_, i) => `u${i}`);
    const targets: Target[] = [
      ...Array.from({ length: 5 }, () => ({ kind: "account" as const, accounts })),
      ...accounts.flatMap((account) => Array.from({ length: 4 }, () => ({ kind: "link" as const, accounts: [account] }))),
    ];
    const backbone = sharedTargetBackbone(targets);
    expect(backbone.pairsSharing).toBe(66);
    expect(backbone.ties).toEqual([]);
  });

  it("weighs a tie by the sum over shared targets of 1 / (accounts sharing it - 1), and counts them by kind", () => {
    const { ties } = sharedTargetBackbone(
      [
        { kind: "account", accounts: ["x", "y"] },
        { kind: "link", accounts: ["x", "y", "z"] },
        { kind: "tweet", accounts: ["x", "y", "z", "w"] },
      ],
      { alpha: 1 },
    );
    const xy = ties.find((tie) => tie.source === "x" && tie.target === "y")!;
    expect(xy.weight).toBeCloseTo(1 + 1 / 2 + 1 / 3, 10);
    expect([xy.sharedTargets, xy.sharedAccounts, xy.sharedLinks, xy.sharedTweets]).toEqual([3, 1, 1, 1]);
  });

  it("gives the Poisson-binomial upper tail under the bipartite configuration model as the p-value", () => {
    // Small and dense: every trial is frequent enough to be convolved exactly.
    const targets: Target[] = [
      { kind: "account", accounts: ["p", "q", "r"] },
      { kind: "account", accounts: ["p", "q"] },
      { kind: "link", accounts: ["p", "q", "s"] },
      { kind: "link", accounts: ["r", "s"] },
      { kind: "tweet", accounts: ["p", "r", "s"] },
      { kind: "tweet", accounts: ["q", "s"] },
    ];
    const { ties } = sharedTargetBackbone(targets, { alpha: 1 });
    const pq = ties.find((tie) => tie.source === "p" && tie.target === "q")!;
    // Degrees: p 4, q 4, r 3, s 4; targets: 3, 2, 3, 2, 3, 2.
    const fit = solveBicm([3, 4], [1, 3], [2, 3], [3, 3]);
    const p4 = (k: number) => linkProbability(fit.accountFitness[1], fit.objectFitness[k]);
    const trials = [0, 0, 0, 1, 1, 1].map((k) => p4(k) * p4(k));
    expect(pq.sharedTargets).toBe(3);
    expect(pq.expected).toBeCloseTo(trials.reduce((sum, q) => sum + q, 0), 6);
    expect(pq.pValue).toBeCloseTo(poissonBinomialTail(trials, 3), 6);
  });

  it("counts targets of one account in its degree, which raises what chance gives it", () => {
    const shared: Target[] = [
      { kind: "account", accounts: ["a", "b"] },
      { kind: "account", accounts: ["a", "b"] },
      { kind: "account", accounts: ["c", "d"] },
      { kind: "account", accounts: ["e", "f"] },
    ];
    const quiet = new SharedTargetProjection();
    const busy = new SharedTargetProjection();
    for (const target of shared) {
      quiet.addTarget(target.kind, target.accounts);
      busy.addTarget(target.kind, target.accounts);
    }
    for (const account of ["c", "d", "e", "f"]) quiet.addSoleTargets(account, 20);
    for (const account of ["a", "b", "c", "d", "e", "f"]) busy.addSoleTargets(account, 20);
    const ab = (projection: SharedTargetProjection) => projection.backbone({ alpha: 1 }).ties.find((tie) => tie.source === "a" && tie.target === "b")!;
    expect(ab(busy).expected).toBeGreaterThan(ab(quiet).expected);
    expect(ab(busy).pValue).toBeGreaterThan(ab(quiet).pValue);
    expect(busy.backbone().targets).toBe(4 + 6 * 20);
  });

  it("leaves targets shared by more than maxTargetAccounts out of the ties", () => {
    const crowd = ["a", "b", "c", "d"];
    const backbone = sharedTargetBackbone(
      [
        { kind: "link", accounts: crowd },
        { kind: "link", accounts: ["a", "b"] },
      ],
      { alpha: 1, maxTargetAccounts: 3 },
    );
    expect(backbone.crowdedTargets).toBe(1);
    expect(backbone.sharedTargets).toBe(1);
    expect(backbone.ties.map((tie) => [tie.source, tie.target, tie.sharedTargets])).toEqual([["a", "b", 1]]);
  });

  it("gives the same ties whatever the order of targets and accounts", () => {
    const targets = teamsArchive(5);
    const shuffled = [...targets].reverse().map((target) => ({ ...target, accounts: [...target.accounts].reverse() }));
    expect(sharedTargetBackbone(shuffled)).toEqual(sharedTargetBackbone(targets));
  });

  it("counts a target whose accounts repeat once per account", () => {
    const { ties } = sharedTargetBackbone([{ kind: "link", accounts: ["a", "b", "a", "b"] }], { alpha: 1 });
    expect(ties.map((tie) => [tie.sharedTargets, tie.weight])).toEqual([[1, 1]]);
  });

  it("refuses an alpha outside (0, 1] and a cap below 2", () => {
    expect(() => sharedTargetBackbone([], { alpha: 0 })).toThrow(UsageError);
    expect(() => sharedTargetBackbone([], { maxTargetAccounts: 1 })).toThrow(/maxTargetAccounts/);
  });
});

describe("refinedNormalTailLog", () => {
  it("follows the exact Poisson-binomial tail of many frequent trials within a factor of 1.5 down to 1e-7", () => {
    const trials = Array.from({ length: 120 }, (_, i) => 0.1 + (0.8 * ((i * 37) % 100)) / 100);
    const mean = trials.reduce((sum, q) => sum + q, 0);
    const variance = trials.reduce((sum, q) => sum + q * (1 - q), 0);
    const third = trials.reduce((sum, q) => sum + q * (1 - q) * (1 - 2 * q), 0);
    for (const x of [65, 70, 75, 80, 85]) {
      const exact = poissonBinomialTail(trials, x);
      const approximate = Math.exp(refinedNormalTailLog(mean, Math.sqrt(variance), third / variance ** 1.5, x));
      expect(approximate / exact).toBeGreaterThan(1 / 1.5);
      expect(approximate / exact).toBeLessThan(1.5);
    }
  });
});
