/**
 * `npm run bench:analyses [-- --scale full | --sizes 100000,1000000]`: for synthetic archives of each
 * size (IRA-like: 3,841 accounts), loads the archive once as dataset `bench-<size>` (reused when present),
 * then runs every analysis in its own process and prints seconds, Louvain seconds and peak RSS as a
 * Markdown table (also written to bench/results/). Its own server: bench/out/neo4j-analyses on port 7891
 * (COORDGRAPH_NEO4J_HOME / COORDGRAPH_NEO4J_PORT move it), stopped when the bench ends.
 */
import fs from "node:fs";
import path from "node:path";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { benchOut, benchServer, benchSizes, machineLine, measureCli, writeResult } from "./measure.ts";

const serverEnv = benchServer("analyses", 7891);

const analyses = ["summary", "communities", "co-retweet", "co-hashtag", "co-url", "co-text", "sync"];

async function ensureArchive(tweets: number): Promise<{ tweets: string; users: string }> {
  const dir = path.join(benchOut, `synth-${tweets}`);
  const files = synthFilePaths(dir, "synth");
  if (!fs.existsSync(files.truth)) {
    process.stderr.write(`generating ${tweets} tweets into ${dir}\n`);
    await generateArchive({ tweets, accounts: 3841, campaigns: 5, seed: 9, outDir: dir });
  }
  return files;
}

// `--dataset NAME`: benchmark an archive already loaded under that name (e.g. by `bench:load`), no loading.
const argv = process.argv.slice(2);
const given = argv.indexOf("--dataset") >= 0 ? argv[argv.indexOf("--dataset") + 1] : undefined;
const rows: string[] = [];
for (const size of given ? [0] : benchSizes(argv)) {
  const dataset = given ?? `bench-${size}`;
  const datasets = await measureCli(["run", "summary", "--dataset", dataset, "--json", "--quiet", "--out", path.join(benchOut, "probe")], serverEnv);
  if (given && datasets.code !== 0) throw new Error(`dataset ${given} is not loaded: ${datasets.stderr}`);
  const label = given ? (JSON.parse(datasets.stdout).summary.tweets as number) : size;
  if (given) rows.push(`| ${label} | summary (probe) | ${datasets.seconds.toFixed(1)} | | ${datasets.peakRssMiB} | dataset ${given} |`);
  if (!given && datasets.code !== 0) {
    const files = await ensureArchive(size);
    process.stderr.write(`loading ${size} tweets as dataset ${dataset}\n`);
    const load = await measureCli(["load", files.tweets, files.users, "--dataset", dataset, "--json", "--quiet"], serverEnv);
    if (load.code !== 0) throw new Error(load.stderr);
    rows.push(`| ${size} | load (driver) | ${load.seconds.toFixed(1)} | | ${load.peakRssMiB} | ${JSON.parse(load.stdout).tweetsPerSecond} tweets/s |`);
  }
  for (const analysis of analyses) {
    const run = await measureCli(["run", analysis, "--dataset", dataset, "--json", "--quiet", "--out", path.join(benchOut, "runs", `${analysis}-${size}`)], serverEnv);
    if (run.code !== 0) {
      rows.push(`| ${label} | ${analysis} | failed | | | ${run.stderr.trim().split("\n").pop()} |`);
      continue;
    }
    const record = JSON.parse(run.stdout) as { timings: Record<string, number>; counts: Record<string, number> };
    rows.push(
      `| ${label} | ${analysis} | ${run.seconds.toFixed(1)} | ${record.timings.louvain?.toFixed(2) ?? ""} | ${run.peakRssMiB} | ${record.counts.accounts} accounts, ${record.counts.edges} edges, ${record.counts.communities} groups; projection ${record.timings.projection ?? record.timings["projection+index"] ?? "-"} s |`,
    );
    process.stderr.write(`${rows[rows.length - 1]}\n`);
  }
}
const table = [
  "# Analysis benchmark",
  "",
  machineLine(),
  "",
  "| tweets | step | seconds (process) | Louvain s | peak RSS MiB | notes |",
  "|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
process.stdout.write(table);
process.stderr.write(`written to ${writeResult("analyses", table)}\n`);
