/**
 * The real CLI in a child process, with a deadline (a hung load fails the test instead of hanging
 * the suite) and, on request, the child's peak resident memory read from /proc.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { projectRoot } from "./db.ts";

export interface TimedCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak resident set size of the child in MiB (VmHWM), when `measureMemory` was set. */
  peakRssMiB?: number;
}

export interface TimedCliOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  measureMemory?: boolean;
  cwd?: string;
}

function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined; // the process has exited
  }
}

/** Runs `coordgraph <args>`; kills it (and reports `timedOut`) after `timeoutMs` (default 60 s). */
export function runCliTimed(args: string[], options: TimedCliOptions = {}): Promise<TimedCliResult> {
  const child = spawn(process.execPath, [`${projectRoot}bin/coordgraph.js`, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let peak: number | undefined;
  const poll = options.measureMemory
    ? setInterval(() => {
        const now = peakRssMiB(child.pid!);
        if (now !== undefined) peak = Math.max(peak ?? 0, now);
      }, 50)
    : undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolve({ code, stdout, stderr, timedOut, ...(options.measureMemory ? { peakRssMiB: peak } : {}) });
    });
  });
}

/** True when the text holds a JavaScript stack trace (`    at fn (file:line:col)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || /^\w*Error: /m.test(text);
}
