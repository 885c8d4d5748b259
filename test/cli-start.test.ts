/**
 * How bin/coordgraph.js starts: from a bundle of the sources cached under node_modules/.cache/coordgraph/
 * (built at the first start after a change), or through tsx with COORDGRAPH_NO_BUNDLE=1. Both must be
 * the same program.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));
const exec = promisify(execFile);

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return exec(process.execPath, [path.join(projectRoot, "bin", "coordgraph.js"), ...args], { cwd: projectRoot, env: { ...process.env, ...env } });
}

describe("starting the CLI", () => {
  it("prints the same analyses, options and defaults from the bundle as through tsx", async () => {
    const [bundled, direct] = await Promise.all([cli(["analyses", "--json"]), cli(["analyses", "--json"], { COORDGRAPH_NO_BUNDLE: "1" })]);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(direct.stdout));
  });

  it("keeps one bundle for the current sources in node_modules/.cache/coordgraph", async () => {
    await cli(["--version"]);
    const bundles = fs.readdirSync(path.join(projectRoot, "node_modules", ".cache", "coordgraph")).filter((name) => /^cli-[0-9a-f]+\.mjs$/.test(name));
    expect(bundles.length).toBeGreaterThanOrEqual(1);
  });

  it("finds the files kept beside the sources (cypher/, package.json) from the bundle", async () => {
    const { stdout } = await cli(["--version"]);
    const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
    expect(stdout.trim()).toBe(version);
  });
});
