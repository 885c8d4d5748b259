/**
 * `npm run bench [-- --scale full]`: the load benchmark, the analysis benchmark, then file to first
 * answer on russian_coord_tweets.csv, each printing its Markdown table and writing it to bench/results/.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "./measure.ts";

for (const script of ["load.ts", "analyses.ts", "first-answer.ts"]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench", script), ...process.argv.slice(2)], { stdio: "inherit", cwd: projectRoot });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
