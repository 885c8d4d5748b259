/** `coordgraph demo`: the main job end to end on a synthetic archive (see src/demo/demo.ts). */
import type { Command } from "commander";
import { serverConfigFromEnv } from "../../db/config.ts";
import { connect, disconnect } from "../../db/driver.ts";
import { runningPid, stopLocalServer } from "../../db/server.ts";
import { demoDefaults, recoveryTable, runDemo } from "../../demo/demo.ts";
import { UsageError } from "../../errors.ts";
import { createProgress } from "../../util/progress.ts";
import { emit, noteLogger, type OutputOptions } from "../output.ts";

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError("BAD_OPTION", `--${flag} must be a positive whole number, got "${value}"`, { field: flag });
  return n;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("generate a synthetic archive with planted campaigns, load it, run the analyses, write a report, score the findings")
    .option("--tweets <n>", `tweets to generate (default: ${demoDefaults.tweets})`)
    .option("--accounts <n>", `accounts to generate (default: ${demoDefaults.accounts})`)
    .option("--seed <n>", `seed of the synthetic archive (default: ${demoDefaults.seed})`)
    .option("--dataset <name>", `dataset name for the demo data (default: ${demoDefaults.dataset})`)
    .option("--out <dir>", `where the archive, runs and report go (default: ${demoDefaults.outDir})`)
    .option("--keep-server", "leave the local Neo4j server running when the demo started it (default: stop it; `view` and every other command start it again)")
    .option("--json", "print the result as JSON")
    .option("--quiet", "no progress")
    .action(async (options: OutputOptions & { tweets?: string; accounts?: string; seed?: string; dataset?: string; out?: string; keepServer?: boolean }) => {
      const log = noteLogger(options);
      // A server the demo starts is the demo's to stop: a few GiB left behind slows whatever runs next.
      const config = serverConfigFromEnv();
      const startsServer = config.mode === "local" && runningPid(config) === undefined;
      const db = await connect({ log });
      const progress = createProgress("    loading", 1, options);
      let result;
      try {
        result = await runDemo(db, {
          tweets: positiveInteger(options.tweets, "tweets", demoDefaults.tweets),
          accounts: positiveInteger(options.accounts, "accounts", demoDefaults.accounts),
          seed: positiveInteger(options.seed, "seed", demoDefaults.seed),
          dataset: options.dataset ?? demoDefaults.dataset,
          outDir: options.out ?? demoDefaults.outDir,
          log: (line) => {
            progress.stop();
            log(line);
          },
          onLoadProgress: (done, total, rows) => progress.update(done, { total, rows }),
        });
      } finally {
        progress.stop();
        if (startsServer && !options.keepServer && config.mode === "local") {
          await disconnect();
          await stopLocalServer(config);
        }
      }
      const serverStopped = startsServer && !options.keepServer;
      emit(options, { ...result, serverStopped }, () =>
        [
          "",
          "What the demo found, against the campaigns it planted:",
          recoveryTable(result.recovery, result.superspreaders),
          "",
          `Report: ${result.reportFile}  (open it in a browser; it works offline)`,
          `Explore the clusters: npx coordgraph view ${result.runs.find((r) => r.analysis === "co-retweet")?.outDir ?? ""}`,
          `Other runs: ${result.runs.map((r) => r.outDir).join(", ")}`,
          ...(serverStopped ? ["Neo4j stopped: the demo started it (`view` and every other command start it again; --keep-server leaves it running)."] : []),
        ].join("\n"),
      );
    });
}
