/**
 * `npm run bench:load [-- --scale full | --sizes 100000,1000000] [--paths driver,bulk] [--repeat 2]`:
 * for synthetic archives of each size (IRA-like: 3,841 accounts; cached under bench/out/), wipes the
 * default local server (`coordgraph db reset --yes`, then `db start`: a freshly started server, as
 * for a first load), loads the archive through the driver and again
 * through `load --bulk`, each in its own process, and prints seconds, tweets/s and the loader's peak
 * RSS as a Markdown table (also written to bench/results/). `--scale full` adds the IRA's size, 9
 * million tweets. Its own server, since it wipes it: COORDGRAPH_NEO4J_HOME defaults to
 * bench/out/neo4j-load and the port to 7881 (never the default server, the tests' or another bench's), stopped when the bench ends.
 *
 * Peak RSS is the loader process's own high-water mark (VmHWM, polled): `/usr/bin/time -v` would
 * report the largest process of the tree, which for `--bulk` is the neo4j-admin JVM; that one's
 * peak is reported in its own column.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { benchServer, benchOut, benchSizes, machineLine, measureCli, projectRoot, writeResult } from "./measure.ts";

type LoadPath = "driver" | "bulk";

const serverEnv = benchServer("load", 7881);

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function ensureArchive(tweets: number): Promise<{ tweets: string; users: string }> {
  const dir = path.join(benchOut, `synth-${tweets}`);
  const files = synthFilePaths(dir, "synth");
  if (!fs.existsSync(files.truth)) {
    process.stderr.write(`generating ${tweets} tweets into ${dir}\n`);
    await generateArchive({ tweets, accounts: 3841, campaigns: 5, seed: 9, outDir: dir });
  }
  return files;
}

function vmHwmKiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // exited
  }
}

/** Pids of the neo4j-admin JVMs descending from `root` (not the server a load may start). */
function adminToolDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found.filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("org.neo4j.cli.AdminTool");
    } catch {
      return false;
    }
  });
}

interface LoadRun {
  seconds: number;
  tweets: number;
  loaderMiB: number;
  childMiB: number;
  code: number;
  stderr: string;
}

/** Runs `coordgraph load` in a child process, polling its own and its children's peak RSS. */
function runLoad(args: string[]): Promise<LoadRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "bin", "coordgraph.js"), "load", ...args], { cwd: projectRoot, env: { ...process.env, ...serverEnv } });
    let stdout = "";
    let stderr = "";
    let loaderKiB = 0;
    let childKiB = 0;
    const poll = setInterval(() => {
      loaderKiB = Math.max(loaderKiB, vmHwmKiB(child.pid!));
      for (const pid of adminToolDescendants(child.pid!)) childKiB = Math.max(childKiB, vmHwmKiB(pid));
    }, 250);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      const summary = code === 0 ? (JSON.parse(stdout) as { tweets: number }) : { tweets: 0 };
      resolve({ seconds: (performance.now() - started) / 1000, tweets: summary.tweets, loaderMiB: Math.round(loaderKiB / 1024), childMiB: Math.round(childKiB / 1024), code: code ?? 1, stderr });
    });
  });
}

const argv = process.argv.slice(2);
const paths = (option(argv, "--paths") ?? "driver,bulk").split(",") as LoadPath[];
const repeat = Number(option(argv, "--repeat") ?? 1);
const startLoad = os.loadavg()[0]!;
const rows: string[] = [];
for (const size of benchSizes(argv)) {
  const files = await ensureArchive(size);
  for (let round = 0; round < repeat; round++) {
    for (const loadPath of paths) {
      // Each load starts from an empty database on a running server (a bulk load then restarts it itself).
      for (const step of [["db", "reset", "--yes", "--quiet"], ["db", "start", "--quiet"]]) {
        const result = await measureCli(step, serverEnv);
        if (result.code !== 0) throw new Error(`${step.join(" ")} failed: ${result.stderr}`);
      }
      const load = os.loadavg()[0]!.toFixed(1);
      const run = await runLoad([files.tweets, files.users, "--json", "--quiet", "--rejects", path.join(benchOut, `load-${size}.rejects.csv`), ...(loadPath === "bulk" ? ["--bulk"] : ["--no-bulk"])]);
      rows.push(
        run.code === 0
          ? `| ${size} | ${loadPath} | ${run.seconds.toFixed(1)} | ${Math.round(run.tweets / run.seconds)} | ${run.loaderMiB} | ${run.childMiB || ""} | ${load} |`
          : `| ${size} | ${loadPath} | failed | | | | ${load} | ${run.stderr.trim().split("\n").pop()} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  }
}
const table = [
  "# Load benchmark",
  "",
  machineLine(),
  `Load average (1 min) at the start: ${startLoad.toFixed(1)}; per run in the last column (other work on the machine slows every figure).`,
  "",
  "| tweets | path | seconds (process) | tweets/s | loader peak RSS MiB | neo4j-admin peak RSS MiB | load avg |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
process.stdout.write(table);
process.stderr.write(`written to ${writeResult("load", table)}\n`);
