/**
 * `npm run bench:first-answer [-- --repeat 3 --later 3]`: from file to first answer on CooRTweet's own
 * sample, `russian_coord_tweets.csv` (35,125 retweets), against CooRTweet's ~14 s for `detect_groups` +
 * `generate_coordinated_network` on this machine (issue 13's target: load + first run under 7 s wall,
 * a later run under 2 s).
 *
 * Each round wipes the bench's database (`db reset --yes`: a freshly started, empty server, as a
 * researcher has after `db start`), then times, each as its own `coordgraph` process from spawn to
 * exit: `load --format shares --object-kind retweet`, the first `run co-retweet`, then `--later` more
 * runs on the loaded archive. Prints medians and every round as a Markdown table (also written to
 * bench/results/), with the load average, since other work on the machine slows every figure.
 *
 * Its own server: COORDGRAPH_NEO4J_HOME defaults to bench/out/neo4j-first-answer and the port to 7871,
 * so it never wipes the default server, the tests' or another bench's; stopped when the bench ends.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchServer, benchOut, machineLine, measureCli, projectRoot, writeResult, type Measured } from "./measure.ts";

const serverEnv = benchServer("first-answer", 7871);

const russianCoordTweetsCsv = path.join(projectRoot, "test", "fixtures", "coortweet", "russian_coord_tweets.csv");

function option(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function step(args: string[]): Promise<Measured> {
  const result = await measureCli(args, serverEnv);
  if (result.code !== 0) throw new Error(`coordgraph ${args.join(" ")} failed (exit ${result.code}): ${result.stderr.trim().split("\n").pop()}`);
  return result;
}

const argv = process.argv.slice(2);
const rounds = option(argv, "--repeat", 3);
const laterRuns = option(argv, "--later", 3);
const runDir = path.join(benchOut, "first-answer-runs");
const startLoad = os.loadavg()[0]!;
const rows: string[] = [];
const firstAnswers: number[] = [];
const loads: number[] = [];
const firstRuns: number[] = [];
const later: number[] = [];

for (let round = 0; round < rounds; round++) {
  await step(["db", "reset", "--yes", "--quiet"]);
  await step(["db", "start", "--quiet"]);
  fs.rmSync(runDir, { recursive: true, force: true });
  const loadAverage = os.loadavg()[0]!;
  const load = await step(["load", russianCoordTweetsCsv, "--format", "shares", "--object-kind", "retweet", "--json", "--quiet", "--rejects", path.join(benchOut, "first-answer.rejects.csv")]);
  const tweets = (JSON.parse(load.stdout) as { tweets: number }).tweets;
  const first = await step(["run", "co-retweet", "--quiet", "--json", "--out", path.join(runDir, "first")]);
  const laterSeconds: number[] = [];
  for (let i = 0; i < laterRuns; i++) laterSeconds.push((await step(["run", "co-retweet", "--quiet", "--json", "--out", path.join(runDir, `later-${i}`)])).seconds);
  loads.push(load.seconds);
  firstRuns.push(first.seconds);
  firstAnswers.push(load.seconds + first.seconds);
  later.push(...laterSeconds);
  rows.push(`| ${round + 1} | ${tweets} | ${load.seconds.toFixed(2)} | ${first.seconds.toFixed(2)} | ${(load.seconds + first.seconds).toFixed(2)} | ${laterSeconds.map((s) => s.toFixed(2)).join(", ")} | ${load.peakRssMiB} | ${loadAverage.toFixed(1)} |`);
  process.stderr.write(`${rows.at(-1)}\n`);
}

const table = [
  "# From file to first answer: russian_coord_tweets.csv",
  "",
  machineLine(),
  `Load average (1 min) at the start: ${startLoad.toFixed(1)}; per round in the last column (other work on the machine slows every figure).`,
  "Each round: a freshly started server with an empty database; every figure is one `coordgraph` process, spawn to exit (wall seconds).",
  "",
  `**Median: load + first run ${median(firstAnswers).toFixed(2)} s (target < 7 s; load ${median(loads).toFixed(2)} s, first run ${median(firstRuns).toFixed(2)} s); later run ${median(later).toFixed(2)} s (target < 2 s).**`,
  "",
  "| round | tweets | load s | first run s | load + first run s | later runs s | loader peak RSS MiB | load avg |",
  "|---|---|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
process.stdout.write(table);
process.stderr.write(`written to ${writeResult("first-answer", table)}\n`);
