/**
 * `npm run bench:pipeline [-- --tweets 9000000 --accounts 3841 --seed 1]`: the whole pipeline a user
 * runs on an IRA-sized archive, step by step (issue 21's goal: under 10 minutes in all, co-retweet at
 * most 60 s). The synthetic archive is generated once into bench/out/pipeline-<tweets>-s<seed>/ and
 * reused; its generation is timed apart and left out of the total, as `synth` is not part of a user's
 * pipeline. Then, each in its own process: `db reset --yes` (outside the total: a user starts from an
 * empty database anyway), `load --bulk`, and every analysis the demo runs with the demo's options
 * (default ones), `run <analysis> --json --quiet --out bench/out/pipeline-runs-<tweets>-s<seed>/<analysis>`.
 *
 * Per step: wall seconds; the client's peak RSS (`/usr/bin/time -v` through measureCli; for the load,
 * the loader's and neo4j-admin's own high-water marks, polled, since time reports only the larger);
 * the server's largest RSS while the step ran (polled from /proc/<pid>/status, the pid from the
 * home's run folder); the 1-minute load average when the step started and ended, since other work on
 * this shared machine slows every figure. For the load, its phases as neo4j-admin's lifetime shows them:
 * before it (the server started for the emptiness check and stopped, the import CSVs written), while it
 * runs (import), after it (restart, constraints, indexes, screen names). Below the table, every analysis's own timings from its run.json and whether co-retweet wrote
 * pairs.csv. Written to bench/results/pipeline-<tweets>-s<seed>-<date>.md.
 *
 * Its own server: COORDGRAPH_NEO4J_HOME defaults to bench/out/neo4j-pipeline and the port to 7890;
 * stopped when the bench ends. `npm run bench -- --scale full` runs it at the IRA's size.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { demoAnalyses } from "../src/demo/demo.ts";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { benchOut, benchServer, machineLine, measureCli, projectRoot, writeResult, type Measured } from "./measure.ts";

/** What the bench runs when not told otherwise: the IRA release's size. */
const pipelineDefaults = { tweets: 9_000_000, accounts: 3841, seed: 1 };
/** Issue 21's targets. */
const GOAL_TOTAL_SECONDS = 600;
const GOAL_CO_RETWEET_SECONDS = 60;
/** How often the server's and neo4j-admin's memory is read: cheap (one small /proc file each). */
const POLL_MS = 500;

const serverEnv = benchServer("pipeline", 7890);
const home = serverEnv.COORDGRAPH_NEO4J_HOME;

function numberOption(argv: string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]?.replace(/_/g, ""));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number, got ${argv[at + 1]}`);
  return value;
}

function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // exited
  }
}

/** The bench server's pid, read again at each poll: a bulk load stops it and starts another. */
function serverPid(): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(home, "run", "coordgraph-neo4j.pid"), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Pids of live processes whose command line holds every one of `marks` (the home's path, the archive's). */
function processesMatching(marks: readonly string[]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (marks.every((mark) => cmdline.includes(mark))) found.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return found;
}

interface StepSample {
  /** The server's largest RSS seen while the step ran (0: no server running). */
  serverPeakMiB: number;
  /** The loader's and neo4j-admin's high-water marks (load step only). */
  loaderPeakMiB: number;
  adminPeakMiB: number;
  /** Seconds from the step's start when neo4j-admin was first and last seen (load step only). */
  adminFrom?: number;
  adminUntil?: number;
  loadAtStart: number;
  loadAtEnd: number;
}

/** Runs a measured step while polling the server (and for a load, the loader and neo4j-admin). */
async function sampled(args: string[], watchLoad?: { archiveDir: string }): Promise<{ run: Measured; sample: StepSample }> {
  const started = performance.now();
  const sample: StepSample = { serverPeakMiB: 0, loaderPeakMiB: 0, adminPeakMiB: 0, loadAtStart: os.loadavg()[0]!, loadAtEnd: 0 };
  const poll = () => {
    const server = serverPid();
    if (server !== undefined) sample.serverPeakMiB = Math.max(sample.serverPeakMiB, Math.round(statusKiB(server, "VmRSS") / 1024));
    if (!watchLoad) return;
    for (const pid of processesMatching(["coordgraph.js", "load", watchLoad.archiveDir])) {
      sample.loaderPeakMiB = Math.max(sample.loaderPeakMiB, Math.round(statusKiB(pid, "VmHWM") / 1024));
    }
    const admins = processesMatching(["org.neo4j.cli.AdminTool", home]);
    for (const pid of admins) sample.adminPeakMiB = Math.max(sample.adminPeakMiB, Math.round(statusKiB(pid, "VmHWM") / 1024));
    if (admins.length > 0) {
      const at = (performance.now() - started) / 1000;
      sample.adminFrom ??= at;
      sample.adminUntil = at;
    }
  };
  const timer = setInterval(poll, POLL_MS);
  const run = await measureCli(args, serverEnv);
  clearInterval(timer);
  sample.loadAtEnd = os.loadavg()[0]!;
  return { run, sample };
}

/** A failed step's own last words: its stderr without the `/usr/bin/time -v` report measureCli appends. */
function failure(run: Measured): string {
  const own = run.stderr
    .split(/^\s*Command being timed:/m)[0]!
    .trim()
    .split("\n")
    .filter((line) => !line.startsWith("Command exited with non-zero status"));
  return `exit ${run.code} after ${run.seconds.toFixed(0)} s: ${own.slice(-2).join(" | ")}`;
}

/** Reset and load must succeed: without them no analysis has anything to read. */
function required(args: string[], step: { run: Measured }): void {
  if (step.run.code !== 0) throw new Error(`coordgraph ${args.join(" ")} failed, ${failure(step.run)}`);
}

/** Generates the archive unless a finished one (its truth file written last) is already there. */
async function ensureArchive(dir: string, o: typeof pipelineDefaults): Promise<{ files: ReturnType<typeof synthFilePaths>; line: string }> {
  const files = synthFilePaths(dir, "synth");
  if (fs.existsSync(files.truth)) return { files, line: `Archive reused from ${path.relative(process.cwd(), dir)}.` };
  process.stderr.write(`generating ${o.tweets} tweets, ${o.accounts} accounts, seed ${o.seed} into ${dir}\n`);
  const started = performance.now();
  await generateArchive({ tweets: o.tweets, accounts: o.accounts, seed: o.seed, outDir: dir });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`generated in ${seconds.toFixed(1)} s\n`);
  return { files, line: `Archive generated in ${seconds.toFixed(0)} s (not part of the total).` };
}

/** The code measured: other engineers edit this tree while a bench runs, so uncommitted changes to what runs are named. */
function codeLine(): string {
  const git = (args: string[]) => spawnSync("git", args, { cwd: projectRoot, encoding: "utf8" }).stdout.trim();
  const changed = git(["status", "--porcelain", "--", "src", "analyses", "cypher", "bin"]).split("\n").filter(Boolean).map((line) => line.slice(3));
  return `Code: commit ${git(["rev-parse", "--short", "HEAD"])}${changed.length > 0 ? ` plus uncommitted changes to ${changed.join(", ")}` : ""}.`;
}

const mib = (n: number) => (n > 0 ? String(n) : "");
const loads = (s: StepSample) => `${s.loadAtStart.toFixed(1)} → ${s.loadAtEnd.toFixed(1)}`;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

interface RunRecordJson {
  counts: { accounts: number; edges: number; communities: number };
  summary: Record<string, unknown>;
  timings: Record<string, number>;
}

/** The slowest parts of a run, largest first, `total` left out: where its time goes. */
function slowestTimings(timings: Record<string, number>, count = 3): string {
  return Object.entries(timings)
    .filter(([name]) => name !== "total")
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`)
    .join(", ");
}

const argv = process.argv.slice(2);
const o = {
  tweets: numberOption(argv, "--tweets", pipelineDefaults.tweets),
  accounts: numberOption(argv, "--accounts", pipelineDefaults.accounts),
  seed: numberOption(argv, "--seed", pipelineDefaults.seed),
};
const name = `pipeline-${o.tweets}-s${o.seed}`;
const archiveDir = path.join(benchOut, name);
const runsDir = path.join(benchOut, `pipeline-runs-${o.tweets}-s${o.seed}`);
const startLine = machineLine();
const startCode = codeLine();
const { files, line: archiveLine } = await ensureArchive(archiveDir, o);
const archiveBytes = fs.statSync(files.tweets).size + fs.statSync(files.users).size;

const rows: string[] = [];
const record = (row: string) => {
  rows.push(row);
  process.stderr.write(`${row}\n`);
};

const resetArgs = ["db", "reset", "--yes", "--quiet"];
const reset = await sampled(resetArgs);
required(resetArgs, reset);
record(`| db reset (not counted) | ${reset.run.seconds.toFixed(1)} | ${reset.run.peakRssMiB} | | ${mib(reset.sample.serverPeakMiB)} | ${loads(reset.sample)} | |`);

const loadArgs = ["load", files.tweets, files.users, "--bulk", "--json", "--quiet", "--rejects", path.join(runsDir, "rejects.csv")];
const load = await sampled(loadArgs, { archiveDir });
required(loadArgs, load);
const loaded = JSON.parse(load.run.stdout) as { tweets: number; accounts: number; tweetsPerSecond: number };
const { adminFrom, adminUntil } = load.sample;
const phases =
  adminFrom !== undefined && adminUntil !== undefined
    ? `; before neo4j-admin (server start for the emptiness check, its stop, CSV preparation) ${adminFrom.toFixed(0)} s, neo4j-admin import ${(adminUntil - adminFrom).toFixed(0)} s, restart + indexes + screen names ${(load.run.seconds - adminUntil).toFixed(0)} s`
    : "";
record(
  `| load --bulk | ${load.run.seconds.toFixed(1)} | ${mib(load.sample.loaderPeakMiB) || load.run.peakRssMiB} | ${mib(load.sample.adminPeakMiB)} | ${mib(load.sample.serverPeakMiB)} | ${loads(load.sample)} | ${loaded.tweets} tweets, ${loaded.accounts} accounts, ${loaded.tweetsPerSecond} tweets/s${phases} |`,
);

let total = load.run.seconds;
const details: string[] = [];
let coRetweetSeconds: number | undefined;
const failed: string[] = [];
for (const analysis of demoAnalyses) {
  const outDir = path.join(runsDir, analysis);
  const { run, sample } = await sampled(["run", analysis, "--json", "--quiet", "--out", outDir]);
  // A failed analysis is a row of its own, and the total says it is incomplete; the others still run.
  if (run.code !== 0) {
    failed.push(analysis);
    record(`| ${analysis} | failed | ${run.peakRssMiB} | | ${mib(sample.serverPeakMiB)} | ${loads(sample)} | ${failure(run)} |`);
    continue;
  }
  const runRecord = JSON.parse(run.stdout) as RunRecordJson;
  total += run.seconds;
  if (analysis === "co-retweet") coRetweetSeconds = run.seconds;
  const { accounts, edges, communities } = runRecord.counts;
  const pairTable = analysis === "co-retweet" ? `; pairs.csv: ${String(runRecord.summary.pairTable ?? "not reported")}` : "";
  record(
    `| ${analysis} | ${run.seconds.toFixed(1)} | ${run.peakRssMiB} | | ${mib(sample.serverPeakMiB)} | ${loads(sample)} | ${accounts} accounts, ${edges} ties, ${communities} groups; slowest: ${slowestTimings(runRecord.timings)}${pairTable} |`,
  );
  const inProcess = runRecord.timings.total ?? 0;
  details.push(`| ${analysis} | ${run.seconds.toFixed(1)} | ${inProcess.toFixed(1)} | ${(run.seconds - inProcess).toFixed(1)} | ${Object.entries(runRecord.timings).filter(([key]) => key !== "total").map(([key, seconds]) => `${key} ${seconds}`).join(", ")} |`);
}

// Each step is a new process that reads the tree as it then is: a commit landing mid-run changes what later steps run.
const endCode = codeLine();
const serverHwm = serverPid();
const serverHighWaterMiB = serverHwm === undefined ? 0 : Math.round(statusKiB(serverHwm, "VmHWM") / 1024);
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const table = [
  `# Pipeline at ${o.tweets.toLocaleString("en")} tweets, ${o.accounts.toLocaleString("en")} accounts (seed ${o.seed})`,
  "",
  `At the start: ${startLine}. ${startCode}`,
  `${archiveLine} Archive: ${gib(archiveBytes)} of CSV. Neo4j home: ${path.relative(process.cwd(), home)} (the bench's own), port ${serverEnv.COORDGRAPH_NEO4J_PORT}.`,
  "Each step is its own process; the analyses run with the demo's (default) options over the whole database.",
  "",
  "| step | seconds | client peak RSS MiB | neo4j-admin peak RSS MiB | server peak RSS MiB (during the step) | load avg (1 min) start → end | notes |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  "",
  failed.length > 0
    ? `**Total INCOMPLETE: ${total.toFixed(0)} s without ${failed.join(", ")} (failed)**; goal under ${GOAL_TOTAL_SECONDS} s: ${total < GOAL_TOTAL_SECONDS ? "not known" : "NOT met"}.`
    : `**Total (load + ${demoAnalyses.length} analyses): ${total.toFixed(0)} s (${(total / 60).toFixed(1)} min)**; goal under ${GOAL_TOTAL_SECONDS} s: ${verdict(total < GOAL_TOTAL_SECONDS)}.`,
  `co-retweet: ${coRetweetSeconds?.toFixed(1)} s; goal at most ${GOAL_CO_RETWEET_SECONDS} s: ${verdict((coRetweetSeconds ?? Infinity) <= GOAL_CO_RETWEET_SECONDS)}.`,
  ...(endCode === startCode ? [] : [`At the end: ${endCode} The tree changed during the run; each step ran the code of its own start.`]),
  `Server high-water mark (VmHWM) since the bulk load restarted it: ${serverHighWaterMiB} MiB. Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}.`,
  "",
  "## Where each analysis's time goes (run.json timings, seconds)",
  "",
  "`outside` is the process's seconds that run.json's total leaves out: starting Node and the driver, and writing the run directory (nodes.csv, edges.csv, network.csv, ...), which the runner does after it stops its clock.",
  "",
  "| analysis | process s | run.json total | outside | timings |",
  "|---|---|---|---|---|",
  ...details,
  "",
].join("\n");
process.stdout.write(table);
process.stderr.write(`written to ${writeResult(name, table)}\n`);
if (failed.length > 0) process.exitCode = 1;
