/**
 * How coordgraph starts. bin/coordgraph.js runs a bundle of the sources cached under
 * node_modules/.cache/coordgraph/ (built at the first start after a change), or tsx with
 * COORDGRAPH_NO_BUNDLE=1: both must be the same program. The local server's JVM compiles with C1 only
 * while its database is small.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { jitAutoTieredBytes, serverConfigFromEnv, type LocalServerConfig } from "../src/db/config.ts";
import { serverJit } from "../src/db/server.ts";

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

describe("the local server's compiler", () => {
  it("is C1 only for a new or small database, the JVM's own C1 + C2 for a large one, unless COORDGRAPH_NEO4J_JIT says", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-jit-"));
    try {
      const config = serverConfigFromEnv({ COORDGRAPH_NEO4J_HOME: home }) as LocalServerConfig;
      expect(config.jit).toBe("auto");
      expect(serverJit(config)).toBe("c1");
      fs.mkdirSync(path.join(home, "data"), { recursive: true });
      fs.writeFileSync(path.join(home, "data", "store"), "");
      fs.truncateSync(path.join(home, "data", "store"), jitAutoTieredBytes); // sparse: no disk used
      expect(serverJit(config)).toBe("tiered");
      expect(serverJit(serverConfigFromEnv({ COORDGRAPH_NEO4J_HOME: home, COORDGRAPH_NEO4J_JIT: "c1" }) as LocalServerConfig)).toBe("c1");
      expect(serverJit(serverConfigFromEnv({ COORDGRAPH_NEO4J_JIT: "tiered" }) as LocalServerConfig)).toBe("tiered");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("refuses any other value as a BAD_OPTION naming the variable", () => {
    expect(() => serverConfigFromEnv({ COORDGRAPH_NEO4J_JIT: "c2" })).toThrow(expect.objectContaining({ code: "BAD_OPTION", location: expect.objectContaining({ field: "COORDGRAPH_NEO4J_JIT" }) }));
  });
});
