/**
 * `npm run bench [-- --scale full]`: the load benchmark, the analysis benchmark, then file to first
 * answer on russian_coord_tweets.csv, each printing its Markdown table and writing it to bench/results/.
 * `--scale full` adds the whole pipeline at the IRA's size (bench/pipeline.ts: 9 million tweets, load
 * plus every analysis the demo runs, against the 10-minute goal); it takes about half an hour, so
 * only on request.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "./measure.ts";

const argv = process.argv.slice(2);
const fullScale = argv.includes("--scale") && argv[argv.indexOf("--scale") + 1] === "full";
for (const script of ["load.ts", "analyses.ts", "first-answer.ts", ...(fullScale ? ["pipeline.ts"] : [])]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench", script), ...argv], { stdio: "inherit", cwd: projectRoot });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
