/**
 * `npm run bench:verdicts [-- --sizes 200000,1000000 | --scale full] [--seed 1]`: how trustworthy the
 * default verdicts are. For synthetic archives of each size (200k: 2,000 accounts as the demo; 1M and
 * 9M: 3,841 accounts as the IRA release), generated with the given seed, it wipes a Neo4j home of its
 * own, loads the archive, runs co-retweet, co-hashtag, co-url, co-text and sync with default options
 * and prints, per planted campaign and analysis meant to find it, recall (members in a group of
 * their own) and precision (planted share of all accounts the analysis flagged), the superspreaders
 * flagged, what CooRTweet's whole network would have flagged, and the cost of the significance step.
 * Written to bench/results/verdicts-*.md. `--reuse` skips the reset and load when the server already
 * holds the archive (one size at a time), `--analyses co-retweet,sync` runs only those.
 *
 * `--calibration`: the false-alarm rate of every co-action analysis, and what the hard mix shows.
 * 1. Organic-only archives (`synth --campaigns 0 --mix hard`: heavy posters on their time zone's
 *    clock, interest communities, superspreaders, no campaign), `--calibration-seeds` seeds per size
 *    of `--calibration-sizes` (default 10 at 200,000 tweets and 2 at 1,000,000; seeds from
 *    `--calibration-first-seed`, default 101, never used for tuning). Every group an analysis judges
 *    beyond chance there is a false alarm: per analysis it prints in how many archives it judged any
 *    group beyond chance, against the target of at most 1 archive in 20, and the accounts flagged.
 * 2. Hard-mix archives with campaigns (`synth --mix hard`, seed `--seed`, sizes `--hard-sizes`,
 *    default 200,000 and 1,000,000; `none` skips them): recall per strength (strong, medium, weak)
 *    and the organic accounts flagged (superspreaders, heavy posters, interest-community members).
 * Example of a reduced run: `--calibration --calibration-seeds 3 --calibration-sizes 100000 --hard-sizes 200000`.
 * Written to bench/results/verdicts-calibration-*.md, with a line saying when the run was reduced.
 *
 * Its own server: COORDGRAPH_NEO4J_HOME defaults to bench/out/neo4j-verdicts and the port to 7861, so
 * no other benchmark or test ever shares its data; stopped when the bench ends.
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { readRunDirectory } from "../src/engine/runs.ts";
import type { RunCommunity, RunNode } from "../src/run/model.ts";
import { campaignRecoveries, organicFlagged, recallByStrength, superspreadersFlagged, type OrganicFlags } from "../src/synth/recovery.ts";
import { generateArchive, synthFilePaths, type SynthMix, type SynthTruth } from "../src/synth/index.ts";
import { benchOut, benchServer, benchSizes, machineLine, measureCli, writeResult, type Measured } from "./measure.ts";

const argv = process.argv.slice(2);
const env = benchServer("verdicts", 7861);

function argument(flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

function numberList(value: string): number[] {
  return value.split(",").map((s) => Number(s.replace(/_/g, "")));
}

const seed = Number(argument("--seed") ?? 1);
/** Every co-action analysis (what issue 18's calibration covers); the verdict run's default list is the five its campaigns target. */
const CO_ACTION_ANALYSES = ["co-retweet", "co-hashtag", "co-url", "co-domain", "co-mention", "co-reply", "co-quote", "co-text", "sync"];
/** The calibration target: an analysis judges a group beyond chance in at most 1 organic-only archive in 20. */
const FALSE_ALARM_TARGET = 1 / 20;

async function step(args: string[]): Promise<Measured> {
  const result = await measureCli(args, env);
  if (result.code !== 0) throw new Error(`coordgraph ${args.join(" ")} failed: ${result.stderr.trim().split("\n").pop()}`);
  return result;
}

/** The accounts of every edge in edges.csv (CooRTweet's whole network for co-share runs), streamed: millions of rows at 9M. */
async function accountsInEdges(file: string): Promise<Set<string>> {
  const accounts = new Set<string>();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    // Synthetic ids are hex: no quoting, so the first two fields are the two accounts.
    const [source, target] = line.split(",", 2);
    if (source) accounts.add(source);
    if (target) accounts.add(target);
  }
  return accounts;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const accountsFor = (size: number) => (size <= 200_000 ? 2000 : 3841);

/** Generates (unless already there) an archive of `size` tweets, wipes the bench's database and loads it. */
async function prepareArchive(dir: string, size: number, archiveSeed: number, synth: { mix?: SynthMix; campaigns?: number }, reuse = false): Promise<{ truth: SynthTruth; loadSeconds: number }> {
  const accounts = accountsFor(size);
  const files = synthFilePaths(dir, "synth");
  if (!fs.existsSync(files.truth)) {
    process.stderr.write(`generating ${size} tweets, ${accounts} accounts, seed ${archiveSeed}${synth.mix ? `, mix ${synth.mix}` : ""}${synth.campaigns === 0 ? ", organic only" : ""}\n`);
    await generateArchive({ tweets: size, accounts, seed: archiveSeed, outDir: dir, ...synth });
  }
  const truth = JSON.parse(fs.readFileSync(files.truth, "utf8")) as SynthTruth;
  // --reuse: the server's database already holds this archive (a rerun after a change to the analyses).
  if (!reuse) await step(["db", "reset", "--yes", "--quiet"]);
  await step(["db", "start", "--quiet"]);
  const load = reuse ? { seconds: 0 } : await step(["load", files.tweets, files.users, "--json", "--quiet", ...(size >= 1_000_000 ? ["--bulk"] : [])]);
  return { truth, loadSeconds: load.seconds };
}

interface AnalysisRun {
  analysis: string;
  seconds: number;
  significanceSeconds: number;
  peakRssMiB: number;
  outDir: string;
  nodes: RunNode[];
  communities: RunCommunity[];
}

async function runAnalysis(dir: string, analysis: string): Promise<AnalysisRun> {
  const outDir = path.join(dir, "runs", analysis);
  fs.rmSync(outDir, { recursive: true, force: true });
  const run = await step(["run", analysis, "--out", outDir, "--json", "--quiet"]);
  const record = JSON.parse(run.stdout) as { timings: Record<string, number> };
  const stored = readRunDirectory(outDir);
  return {
    analysis,
    seconds: run.seconds,
    significanceSeconds: record.timings.significance ?? 0,
    peakRssMiB: run.peakRssMiB,
    outDir,
    nodes: stored.result.nodes,
    communities: stored.result.communities,
  };
}

/**
 * The groups a run judged beyond chance: a verdict other than `weak` ("possibly chance", see
 * src/core/group-verdict.ts), and the accounts in them. One place, so the bench follows the verdicts.
 */
function beyondChance(run: AnalysisRun): { groups: RunCommunity[]; accounts: RunNode[] } {
  const groups = run.communities.filter((community) => community.verdict !== undefined && community.verdict !== "weak");
  const ids = new Set(groups.map((group) => group.id));
  return { groups, accounts: run.nodes.filter((node) => node.community !== null && ids.has(node.community)) };
}

const organicCells = (flags: OrganicFlags) =>
  `${flags.superspreaders.flagged} of ${flags.superspreaders.listed} | ${flags.heavyPosters.flagged} of ${flags.heavyPosters.listed} | ${flags.interestCommunityMembers.flagged} of ${flags.interestCommunityMembers.listed}`;

/** The verdict benchmark on the default mix: recall and precision per campaign (the bench before calibration existed). */
async function verdictBenchmark(): Promise<{ file: string; markdown: string }> {
  const sizes = argv.includes("--sizes") || argv.includes("--scale") ? benchSizes(argv).map((s) => (s === 100_000 ? 200_000 : s)) : [200_000, 1_000_000];
  const analyses = argument("--analyses")?.split(",") ?? ["co-retweet", "co-hashtag", "co-url", "co-text", "sync"];
  const reuse = argv.includes("--reuse");
  const lines: string[] = ["# Verdict benchmark: recall and precision of the default (significant) networks", "", machineLine(), ""];
  for (const size of sizes) {
    const dir = path.join(benchOut, `verdicts-${size}-s${seed}`);
    const { truth, loadSeconds } = await prepareArchive(dir, size, seed, {}, reuse);
    lines.push(`## ${size.toLocaleString("en-US")} tweets, ${accountsFor(size)} accounts, seed ${seed}`, "");
    lines.push(`${reuse ? "Loaded by an earlier run on the bench's own Neo4j home (`--reuse`)." : `Loaded in ${loadSeconds.toFixed(0)} s.`} ${truth.campaigns.length} campaigns, ${truth.superspreaders?.length ?? 0} superspreaders.`, "");
    const nodesByAnalysis = new Map<string, RunNode[]>();
    const costs: string[] = [];
    const planted = new Set(truth.campaigns.flatMap((c) => c.accounts));
    for (const analysis of analyses) {
      const run = await runAnalysis(dir, analysis);
      nodesByAnalysis.set(analysis, run.nodes);
      const allAccounts = await accountsInEdges(path.join(run.outDir, "edges.csv"));
      const allPlanted = [...allAccounts].filter((a) => planted.has(a)).length;
      const flagged = run.nodes.length;
      const flaggedPlanted = run.nodes.filter((n) => planted.has(n.id)).length;
      const spreaders = superspreadersFlagged(truth, run.nodes, analysis);
      const significance = run.significanceSeconds;
      costs.push(
        `| ${analysis} | ${run.seconds.toFixed(1)} | ${significance.toFixed(2)} | ${pct(significance / Math.max(1e-9, run.seconds - significance))} | ${run.peakRssMiB} | ${flagged} (${flagged ? pct(flaggedPlanted / flagged) : "-"} planted) | ${allAccounts.size} (${allAccounts.size ? pct(allPlanted / allAccounts.size) : "-"} planted) | ${spreaders.flagged} of ${spreaders.superspreaders} | ${run.communities.filter((c) => c.verdict === "strong").length} |`,
      );
      process.stderr.write(`${costs[costs.length - 1]}\n`);
    }
    lines.push(
      "| analysis | seconds | significance s | added | peak RSS MiB | flagged (default) | flagged by CooRTweet's whole network | superspreaders flagged | strong groups |",
      "|---|---|---|---|---|---|---|---|---|",
      ...costs,
      "",
      "| campaign | strength | analysis | planted | flagged | in own group | recall | precision | result |",
      "|---|---|---|---|---|---|---|---|---|",
    );
    for (const r of campaignRecoveries(truth, nodesByAnalysis)) {
      const ok = r.recall >= 0.95 && r.precision >= 0.95;
      lines.push(`| ${r.campaign} | ${r.strength} | ${r.analysis} | ${r.planted} | ${r.flagged} | ${r.inOwnGroup} | ${pct(r.recall)} | ${pct(r.precision)} | ${ok ? "MEETS TARGET" : r.recall >= 0.95 ? "low precision" : "missed"} |`);
    }
    lines.push("");
    process.stderr.write(`${lines.join("\n")}\n`);
  }
  const markdown = `${lines.join("\n")}\n`;
  return { file: writeResult(`verdicts-s${seed}`, markdown), markdown };
}

/** One analysis on one organic-only archive: what it judged beyond chance. */
interface FalseAlarm {
  size: number;
  seed: number;
  analysis: string;
  groups: number;
  accounts: number;
  flags: OrganicFlags;
  seconds: number;
  error?: string;
}

/** The calibration: false alarms on organic-only archives, then recall per strength on the hard mix. */
async function calibration(): Promise<{ file: string; markdown: string }> {
  const analyses = argument("--analyses")?.split(",") ?? CO_ACTION_ANALYSES;
  const sizes = numberList(argument("--calibration-sizes") ?? "200000,1000000");
  const seedCounts = numberList(argument("--calibration-seeds") ?? (argument("--calibration-sizes") === undefined ? "10,2" : "10"));
  const firstSeed = Number(argument("--calibration-first-seed") ?? 101);
  const hardArgument = argument("--hard-sizes") ?? "200000,1000000";
  const hardSizes = hardArgument === "none" ? [] : numberList(hardArgument);
  const seedsAt = (s: number) => seedCounts[Math.min(s, seedCounts.length - 1)];
  const plan = sizes.map((size, s) => ({ size, seeds: Array.from({ length: seedsAt(s) }, (_, k) => firstSeed + k) }));

  const lines: string[] = ["# Calibration benchmark: false alarms on organic-only archives, recall per strength on the hard mix", "", machineLine(), ""];
  const smallSeeds = plan.filter((p) => p.size >= 100_000 && p.size <= 200_000).reduce((sum, p) => sum + p.seeds.length, 0);
  const millionSeeds = plan.filter((p) => p.size >= 1_000_000).reduce((sum, p) => sum + p.seeds.length, 0);
  if (smallSeeds < 10 || millionSeeds < 2 || hardSizes.length < 2) {
    lines.push(
      `**Reduced run:** ${plan.map((p) => `${p.seeds.length} organic-only ${p.seeds.length === 1 ? "archive" : "archives"} at ${p.size.toLocaleString("en-US")} tweets`).join(", ")}; ` +
        `hard mix with campaigns at ${hardSizes.length ? hardSizes.map((s) => s.toLocaleString("en-US")).join(" and ") : "no size"}. ` +
        "The full calibration is 10 seeds at 200,000 tweets and 2 at 1,000,000, and the hard mix at 200,000 and 1,000,000; with this few archives a false-alarm rate cannot show 1 in 20, only where it is far above.",
      "",
    );
  }
  lines.push(
    "An archive counts as a false alarm for an analysis when the analysis judges any group beyond chance there (a verdict other than `weak`, communities.csv); " +
      "organic-only archives (`synth --campaigns 0 --mix hard`) hold no campaign, so every such group is organic. Target: at most 1 archive in 20.",
    "",
  );

  const alarms: FalseAlarm[] = [];
  for (const { size, seeds } of plan) {
    for (const archiveSeed of seeds) {
      const dir = path.join(benchOut, `calibration-organic-${size}-s${archiveSeed}`);
      const { truth, loadSeconds } = await prepareArchive(dir, size, archiveSeed, { mix: "hard", campaigns: 0 });
      process.stderr.write(`organic-only ${size} seed ${archiveSeed}: loaded in ${loadSeconds.toFixed(0)} s\n`);
      for (const analysis of analyses) {
        try {
          const run = await runAnalysis(dir, analysis);
          const found = beyondChance(run);
          alarms.push({ size, seed: archiveSeed, analysis, groups: found.groups.length, accounts: found.accounts.length, flags: organicFlagged(truth, found.accounts, analysis), seconds: run.seconds });
        } catch (error) {
          alarms.push({ size, seed: archiveSeed, analysis, groups: 0, accounts: 0, flags: organicFlagged(truth, [], analysis), seconds: 0, error: (error as Error).message });
        }
        const last = alarms[alarms.length - 1];
        process.stderr.write(`  ${analysis}: ${last.error ?? `${last.groups} groups beyond chance, ${last.accounts} accounts, ${last.seconds.toFixed(1)} s`}\n`);
      }
    }
  }

  lines.push(
    "## False alarms per analysis (organic-only archives)",
    "",
    "| analysis | archives | with a group beyond chance | rate | target (<= 1 in 20) | groups beyond chance | accounts flagged (sum, most in one archive) | superspreaders flagged | heavy posters flagged | interest-community members flagged |",
    "|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const analysis of analyses) {
    const rows = alarms.filter((a) => a.analysis === analysis && a.error === undefined);
    const alarmed = rows.filter((a) => a.groups > 0).length;
    const rate = rows.length ? alarmed / rows.length : 0;
    const sum = (pick: (a: FalseAlarm) => number) => rows.reduce((total, a) => total + pick(a), 0);
    const failed = alarms.filter((a) => a.analysis === analysis && a.error !== undefined).length;
    lines.push(
      `| ${analysis} | ${rows.length}${failed ? ` (${failed} failed)` : ""} | ${alarmed} | ${pct(rate)} | ${rate <= FALSE_ALARM_TARGET ? "meets" : "ABOVE TARGET"} | ${sum((a) => a.groups)} | ${sum((a) => a.accounts)}, ${Math.max(0, ...rows.map((a) => a.accounts))} | ` +
        `${sum((a) => a.flags.superspreaders.flagged)} | ${sum((a) => a.flags.heavyPosters.flagged)} | ${sum((a) => a.flags.interestCommunityMembers.flagged)} |`,
    );
  }
  lines.push(
    "",
    "### Per archive",
    "",
    "| tweets | seed | analysis | groups beyond chance | accounts flagged | superspreaders | heavy posters | interest-community members | seconds |",
    "|---|---|---|---|---|---|---|---|---|",
    ...alarms.map((a) =>
      a.error !== undefined
        ? `| ${a.size} | ${a.seed} | ${a.analysis} | failed: ${a.error.replace(/\|/g, "/")} | | | | | |`
        : `| ${a.size} | ${a.seed} | ${a.analysis} | ${a.groups} | ${a.accounts} | ${organicCells(a.flags)} | ${a.seconds.toFixed(1)} |`,
    ),
    "",
  );

  for (const size of hardSizes) {
    const dir = path.join(benchOut, `calibration-hard-${size}-s${seed}`);
    const { truth, loadSeconds } = await prepareArchive(dir, size, seed, { mix: "hard" });
    const counts = (strength: string) => truth.campaigns.filter((c) => c.strength === strength).length;
    lines.push(
      `## Hard mix with campaigns: ${size.toLocaleString("en-US")} tweets, ${accountsFor(size)} accounts, seed ${seed}`,
      "",
      `Loaded in ${loadSeconds.toFixed(0)} s. ${truth.campaigns.length} campaigns (${counts("strong")} strong, ${counts("medium")} medium, ${counts("weak")} weak), ` +
        `${truth.superspreaders.length} superspreaders, ${truth.heavyPosters?.length ?? 0} heavy posters, ${truth.interestCommunities?.length ?? 0} interest communities ` +
        `(${(truth.interestCommunities ?? []).reduce((sum, c) => sum + c.accounts.length, 0)} members). Recall counts a campaign's members in a group where the campaign is the majority; ` +
        "organic accounts flagged are those in the run's network.",
      "",
    );
    const nodesByAnalysis = new Map<string, RunNode[]>();
    const organicRows: string[] = [];
    const planted = new Set(truth.campaigns.flatMap((c) => c.accounts));
    for (const analysis of analyses) {
      try {
        const run = await runAnalysis(dir, analysis);
        nodesByAnalysis.set(analysis, run.nodes);
        const flaggedPlanted = run.nodes.filter((n) => planted.has(n.id)).length;
        organicRows.push(`| ${analysis} | ${run.nodes.length} | ${run.nodes.length ? pct(flaggedPlanted / run.nodes.length) : "-"} | ${organicCells(organicFlagged(truth, run.nodes, analysis))} | ${run.seconds.toFixed(1)} |`);
      } catch (error) {
        organicRows.push(`| ${analysis} | failed: ${(error as Error).message.replace(/\|/g, "/")} | | | | | |`);
      }
      process.stderr.write(`${organicRows[organicRows.length - 1]}\n`);
    }
    const recoveries = campaignRecoveries(truth, nodesByAnalysis);
    lines.push(
      "| analysis | strength | campaigns | planted | in own group | recall |",
      "|---|---|---|---|---|---|",
      ...recallByStrength(recoveries).map((r) => `| ${r.analysis} | ${r.strength} | ${r.campaigns} | ${r.planted} | ${r.inOwnGroup} | ${pct(r.recall)} |`),
      "",
      "| analysis | flagged | precision (planted share) | superspreaders flagged | heavy posters flagged | interest-community members flagged | seconds |",
      "|---|---|---|---|---|---|---|",
      ...organicRows,
      "",
      "| campaign | strength | analysis | planted | flagged | in own group | recall | precision |",
      "|---|---|---|---|---|---|---|---|",
      ...recoveries.map((r) => `| ${r.campaign} | ${r.strength} | ${r.analysis} | ${r.planted} | ${r.flagged} | ${r.inOwnGroup} | ${pct(r.recall)} | ${pct(r.precision)} |`),
      "",
    );
  }
  const markdown = `${lines.join("\n")}\n`;
  return { file: writeResult("verdicts-calibration", markdown), markdown };
}

const { file, markdown } = argv.includes("--calibration") ? await calibration() : await verdictBenchmark();
process.stdout.write(`${markdown}Written to ${path.relative(process.cwd(), file)}\n`);
