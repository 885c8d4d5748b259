/**
 * The main job on a bundled default: generate a synthetic election-integrity archive with planted
 * campaigns, load it, run the analyses, write an HTML report, and score what was found against the
 * planted truth. Everything lives in its own dataset ("demo"), so the user's other data is untouched
 * and a rerun reuses what is already there.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "../db/driver.ts";
import { findAnalysis } from "../../analyses/index.ts";
import { runAnalysis, type CompletedRun } from "../engine/runner.ts";
import type { Scope } from "../engine/scope.ts";
import type { RunRecord } from "../engine/store.ts";
import { loadArchive, type LoadSummary } from "../load/load.ts";
import { gatherCommunityReport } from "../report/gather.ts";
import { renderHtml } from "../report/html.ts";
import { counted } from "../run/words.ts";
import { SYNTH_DEFAULTS, generateArchive, synthFilePaths, type SynthTruth } from "../synth/index.ts";
import { campaignRecoveries, superspreadersFlagged, type CampaignRecovery, type SuperspreaderFlags } from "../synth/recovery.ts";

/** What the demo generates, runs and writes when not told otherwise. */
export interface DemoDefaults {
  tweets: number;
  accounts: number;
  campaigns: number;
  seed: number;
  dataset: string;
  outDir: string;
}

export const demoDefaults: DemoDefaults = {
  /** About 200,000 tweets: a few minutes on a 2-core machine. */
  tweets: 200_000,
  accounts: 2_000,
  /** The generator's default: every campaign type, a mixed one, strong and weak ones. */
  campaigns: SYNTH_DEFAULTS.campaigns,
  seed: 2018,
  dataset: "demo",
  outDir: "demo-output",
};

export type DemoOptions = Partial<DemoDefaults> & {
  log?: (line: string) => void;
  onLoadProgress?: (done: number, total: number, rows: number) => void;
};

export interface DemoResult {
  archiveDir: string;
  load: LoadSummary;
  runs: Array<{ analysis: string; id: string; outDir: string; accounts: number; edges: number; communities: number; seconds: number }>;
  /** One row per campaign and analysis meant to find it (a mixed campaign has several). */
  recovery: CampaignRecovery[];
  /** Per network analysis run: how many of the organic superspreaders it flagged. */
  superspreaders: SuperspreaderFlags[];
  reportFile: string;
}

/** Analyses the demo runs, in order. */
export const demoAnalyses = ["summary", "communities", "co-retweet", "co-hashtag", "co-url", "co-text", "sync"] as const;

export async function runDemo(db: Database, options: DemoOptions = {}): Promise<DemoResult> {
  const o = { ...demoDefaults, ...options };
  const log = options.log ?? (() => {});
  const outDir = path.resolve(o.outDir);
  const archiveDir = path.join(outDir, "archive");
  const files = synthFilePaths(archiveDir, "synth");
  const cached = fs.existsSync(files.truth) ? (JSON.parse(fs.readFileSync(files.truth, "utf8")) as Partial<SynthTruth>) : undefined;
  // An archive from other options, or from a generator before superspreaders, is made again.
  const fresh =
    cached === undefined ||
    cached.tweets !== o.tweets ||
    cached.accounts !== o.accounts ||
    cached.seed !== o.seed ||
    cached.campaigns?.length !== o.campaigns ||
    cached.superspreaders === undefined;
  if (fresh) {
    log(`1/4 Generating a synthetic archive: ${counted(o.tweets, "tweet")}, ${counted(o.accounts, "account")}, ${counted(o.campaigns, "planted campaign")} -> ${archiveDir}`);
    await generateArchive({ tweets: o.tweets, accounts: o.accounts, campaigns: o.campaigns, seed: o.seed, outDir: archiveDir });
  } else {
    log(`1/4 Reusing the synthetic archive in ${archiveDir}`);
  }
  const truth = JSON.parse(fs.readFileSync(files.truth, "utf8")) as SynthTruth;

  log(`2/4 Loading it into Neo4j as dataset "${o.dataset}" (a rerun merges onto the same nodes)`);
  const load = await loadArchive(db, [files.tweets, files.users], {
    dataset: o.dataset,
    rejectsFile: path.join(outDir, "rejects.csv"),
    onProgress: (p) => options.onLoadProgress?.(p.bytesRead, p.totalBytes, p.rowsRead),
  });
  log(`    ${counted(load.tweets, "tweet")}, ${counted(load.accounts, "account")} in ${load.seconds} s (${load.tweetsPerSecond} tweets/s)`);

  log(`3/4 Running ${demoAnalyses.join(", ")}`);
  const scope: Scope = { datasets: [o.dataset], since: null, until: null };
  const completed = new Map<string, CompletedRun>();
  for (const name of demoAnalyses) {
    const run = await runAnalysis(db, findAnalysis(name), {}, { scope, outDir: path.join(outDir, "runs", name), log, quiet: true });
    completed.set(name, run);
    log(runLine(run.record));
  }

  log("4/4 Writing the report and scoring against the planted campaigns");
  const reportRun = completed.get("co-retweet")!;
  const report = await gatherCommunityReport(db, reportRun.record.outDir, {});
  const reportFile = path.join(outDir, "report-co-retweet.html");
  fs.writeFileSync(reportFile, renderHtml(report));
  const nodesByAnalysis = new Map([...completed].map(([name, run]) => [name, run.result.nodes]));
  const recovery = campaignRecoveries(truth, nodesByAnalysis);
  const superspreaders = coordinationAnalyses.map((name) => superspreadersFlagged(truth, nodesByAnalysis.get(name) ?? [], name));
  return {
    archiveDir,
    load,
    runs: [...completed.values()].map((r) => ({
      analysis: r.record.analysis,
      id: r.record.id,
      outDir: r.record.outDir,
      accounts: r.record.counts.accounts,
      edges: r.record.counts.edges,
      communities: r.record.counts.communities,
      seconds: r.record.timings.total ?? 0,
    })),
    recovery,
    superspreaders,
    reportFile,
  };
}

/** The analyses that flag coordinated accounts (the others describe the archive). */
const coordinationAnalyses = ["co-retweet", "co-hashtag", "co-url", "co-text", "sync"] as const;

/**
 * The closing table: each planted campaign with its strength, each analysis meant to find it, and
 * how well it did; then a line with the organic superspreaders each analysis flagged (ideally none).
 */
export function recoveryTable(recovery: readonly CampaignRecovery[], superspreaders: readonly SuperspreaderFlags[] = []): string {
  const rows = recovery.map((r) => {
    const found = r.recall >= 0.95 && r.precision >= 0.95 ? "FOUND" : r.recall > 0 ? "partly" : "missed";
    return `| ${r.campaign.padEnd(14)} | ${r.analysis.padEnd(10)} | ${r.strength.padEnd(8)} | ${String(r.planted).padStart(7)} | ${String(r.inOwnGroup).padStart(12)} | ${(r.recall * 100).toFixed(1).padStart(6)}% | ${(r.precision * 100).toFixed(1).padStart(9)}% | ${found.padEnd(6)} |`;
  });
  const lines = [
    "| campaign       | analysis   | strength | planted | in own group | recall  | precision  | result |",
    "|----------------|------------|----------|---------|--------------|---------|------------|--------|",
    ...rows,
  ];
  if (superspreaders.length > 0) {
    const total = superspreaders[0].superspreaders;
    lines.push("", `Superspreaders flagged (of ${total} organic): ${superspreaders.map((s) => `${s.analysis} ${s.flagged}`).join(", ")}`);
  }
  return lines.join("\n");
}

/**
 * The demo's line for one finished run: what it found, or, for a run that describes the archive
 * (summary: no network of accounts), what it counted instead of "0 accounts".
 *
 * @example
 * runLine(record); // "    co-text: 15 accounts, 105 ties, 1 group (2.1 s)"
 */
export function runLine(record: Pick<RunRecord, "analysis" | "counts" | "summary" | "timings">): string {
  const seconds = `(${record.timings.total} s)`;
  const described = record.counts.accounts === 0 && record.counts.edges === 0 && typeof record.summary.tweets === "number";
  if (described) return `    ${record.analysis}: the archive described (${counted(Number(record.summary.tweets), "tweet")}; no network of accounts) ${seconds}`;
  const { accounts, edges, communities } = record.counts;
  return `    ${record.analysis}: ${counted(accounts, "account")}, ${counted(edges, "tie")}, ${counted(communities, "group")} ${seconds}`;
}
