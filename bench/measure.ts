/**
 * Shared by the bench scripts: run a coordgraph command in a child process and report its wall time
 * and peak RSS (from /usr/bin/time -v when present, else polling /proc/<pid>/status VmHWM).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../", import.meta.url));
export const benchOut = path.join(projectRoot, "bench", "out");

export interface Measured {
  seconds: number;
  peakRssMiB: number;
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `node bin/coordgraph.js ...args` and measures it. */
export function measureCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const useTime = fs.existsSync("/usr/bin/time");
  const command = useTime ? "/usr/bin/time" : process.execPath;
  const argv = useTime ? ["-v", process.execPath, path.join(projectRoot, "bin", "coordgraph.js"), ...args] : [path.join(projectRoot, "bin", "coordgraph.js"), ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: projectRoot, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    let polledKiB = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => {
          try {
            const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
            const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
            polledKiB = Math.max(polledKiB, kib);
          } catch {
            /* exited */
          }
        }, 200);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (poll) clearInterval(poll);
      const timeKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakRssMiB: Math.round((timeKiB || polledKiB) / 1024),
        stdout,
        stderr,
        code: code ?? 1,
      });
    });
  });
}

/**
 * A bench's own Neo4j server: its home under bench/out and its own port (COORDGRAPH_NEO4J_HOME and
 * COORDGRAPH_NEO4J_PORT when set), so no bench wipes the default server's data, the tests' or another
 * bench's (two jobs on one home once wiped a 9M benchmark). The server is stopped when the bench's
 * process exits, also on an error or Ctrl-C: a bench never leaves a server of gigabytes behind.
 */
export function benchServer(name: string, port: number): Record<string, string> {
  const env = {
    COORDGRAPH_NEO4J_HOME: process.env.COORDGRAPH_NEO4J_HOME ?? path.join(benchOut, `neo4j-${name}`),
    COORDGRAPH_NEO4J_PORT: process.env.COORDGRAPH_NEO4J_PORT ?? String(port),
    NEO4J_URI: "",
  };
  const stop = () => {
    spawnSync(process.execPath, [path.join(projectRoot, "bin", "coordgraph.js"), "db", "stop", "--json"], { cwd: projectRoot, env: { ...process.env, ...env }, stdio: "ignore" });
  };
  process.once("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.exit(130);
    });
  }
  return env;
}

export function machineLine(): string {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`;
}

export function writeResult(name: string, markdown: string): string {
  const dir = path.join(projectRoot, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-")}.md`);
  fs.writeFileSync(file, markdown);
  return file;
}

/** Parses `--scale full` and `--sizes 100000,1000000` style arguments. */
export function benchSizes(argv: string[]): number[] {
  const sizesArg = argv.indexOf("--sizes");
  if (sizesArg >= 0) return argv[sizesArg + 1]!.split(",").map((s) => Number(s.replace(/_/g, "")));
  const sizes = [100_000, 1_000_000];
  const scale = argv.indexOf("--scale");
  if (scale >= 0 && argv[scale + 1] === "full") sizes.push(9_000_000);
  return sizes;
}
