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
 * Its own server: COORDGRAPH_NEO4J_HOME defaults to bench/out/neo4j-verdicts and the port to 7861, so
 * no other benchmark or test ever shares its data; stopped when the bench ends.
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { readRunDirectory } from "../src/engine/runs.ts";
import { campaignRecoveries, superspreadersFlagged } from "../src/synth/recovery.ts";
import { generateArchive, synthFilePaths, type SynthTruth } from "../src/synth/index.ts";
import { benchOut, benchServer, benchSizes, machineLine, measureCli, writeResult } from "./measure.ts";

const argv = process.argv.slice(2);
const seedAt = argv.indexOf("--seed");
const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : 1;
const sizes = argv.includes("--sizes") || argv.includes("--scale") ? benchSizes(argv).map((s) => (s === 100_000 ? 200_000 : s)) : [200_000, 1_000_000];
const env = benchServer("verdicts", 7861);
const analysesAt = argv.indexOf("--analyses");
const analyses = analysesAt >= 0 ? argv[analysesAt + 1]!.split(",") : ["co-retweet", "co-hashtag", "co-url", "co-text", "sync"];

async function step(args: string[]): Promise<ReturnType<typeof measureCli> extends Promise<infer T> ? T : never> {
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
const lines: string[] = ["# Verdict benchmark: recall and precision of the default (significant) networks", "", machineLine(), ""];
for (const size of sizes) {
  const accounts = size <= 200_000 ? 2000 : 3841;
  const dir = path.join(benchOut, `verdicts-${size}-s${seed}`);
  const files = synthFilePaths(dir, "synth");
  if (!fs.existsSync(files.truth)) {
    process.stderr.write(`generating ${size} tweets, ${accounts} accounts, seed ${seed}\n`);
    await generateArchive({ tweets: size, accounts, seed, outDir: dir });
  }
  const truth = JSON.parse(fs.readFileSync(files.truth, "utf8")) as SynthTruth;
  // --reuse: the server's database already holds this archive (a rerun after a change to the analyses).
  const reuse = argv.includes("--reuse");
  if (!reuse) await step(["db", "reset", "--yes", "--quiet"]);
  await step(["db", "start", "--quiet"]);
  const load = reuse ? { seconds: 0 } : await step(["load", files.tweets, files.users, "--json", "--quiet", ...(size >= 1_000_000 ? ["--bulk"] : [])]);
  lines.push(`## ${size.toLocaleString("en-US")} tweets, ${accounts} accounts, seed ${seed}`, "");
  lines.push(`${reuse ? "Loaded by an earlier run on the bench's own Neo4j home (`--reuse`)." : `Loaded in ${load.seconds.toFixed(0)} s.`} ${truth.campaigns.length} campaigns, ${truth.superspreaders?.length ?? 0} superspreaders.`, "");
  const nodesByAnalysis = new Map<string, ReturnType<typeof readRunDirectory>["result"]["nodes"]>();
  const costs: string[] = [];
  for (const analysis of analyses) {
    const outDir = path.join(dir, "runs", analysis);
    fs.rmSync(outDir, { recursive: true, force: true });
    const run = await step(["run", analysis, "--out", outDir, "--json", "--quiet"]);
    const record = JSON.parse(run.stdout) as { timings: Record<string, number>; summary: Record<string, number | string | null> };
    const stored = readRunDirectory(outDir);
    nodesByAnalysis.set(analysis, stored.result.nodes);
    const planted = new Set(truth.campaigns.flatMap((c) => c.accounts));
    const allAccounts = await accountsInEdges(path.join(outDir, "edges.csv"));
    const allPlanted = [...allAccounts].filter((a) => planted.has(a)).length;
    const flagged = stored.result.nodes.length;
    const flaggedPlanted = stored.result.nodes.filter((n) => planted.has(n.id)).length;
    const spreaders = superspreadersFlagged(truth, stored.result.nodes, analysis);
    const significance = record.timings.significance ?? 0;
    costs.push(
      `| ${analysis} | ${run.seconds.toFixed(1)} | ${significance.toFixed(2)} | ${pct(significance / Math.max(1e-9, run.seconds - significance))} | ${run.peakRssMiB} | ${flagged} (${flagged ? pct(flaggedPlanted / flagged) : "-"} planted) | ${allAccounts.size} (${allAccounts.size ? pct(allPlanted / allAccounts.size) : "-"} planted) | ${spreaders.flagged} of ${spreaders.superspreaders} | ${stored.result.communities.filter((c) => c.verdict === "strong").length} |`,
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
const file = writeResult(`verdicts-s${seed}`, `${lines.join("\n")}\n`);
process.stdout.write(`${lines.join("\n")}\nWritten to ${path.relative(process.cwd(), file)}\n`);
