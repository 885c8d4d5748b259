/**
 * A clean `npm install`: npm 11 lists every dependency whose install script package.json's
 * `allowScripts` does not cover ("not yet covered by allowScripts"), and npm 12 skips those scripts.
 * Every package the lock marks `hasInstallScript` must therefore have an entry there, by name
 * (`"esbuild": true`) or pinned to the locked version (`"esbuild@0.28.2": true`); `false` covers it too
 * (reviewed and denied). A new dependency with an install script fails here, not on a fresh machine.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));

interface LockPackage {
  name?: string;
  version?: string;
  hasInstallScript?: boolean;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(projectRoot, file), "utf8")) as T;
}

/** `node_modules/a/node_modules/@scope/b` → `@scope/b`: a lock entry's package name is its last node_modules segment. */
function packageName(lockPath: string, entry: LockPackage): string {
  return entry.name ?? lockPath.slice(lockPath.lastIndexOf("node_modules/") + "node_modules/".length);
}

/** The lock's packages that run an install script, as `name@version`. */
function packagesWithInstallScripts(lock: { packages: Record<string, LockPackage> }): Array<{ name: string; version: string }> {
  return Object.entries(lock.packages)
    .filter(([lockPath, entry]) => lockPath !== "" && entry.hasInstallScript === true)
    .map(([lockPath, entry]) => ({ name: packageName(lockPath, entry), version: entry.version ?? "" }));
}

function covered(allowScripts: Record<string, unknown>, pkg: { name: string; version: string }): boolean {
  return typeof allowScripts[pkg.name] === "boolean" || typeof allowScripts[`${pkg.name}@${pkg.version}`] === "boolean";
}

describe("install scripts", () => {
  const manifest = readJson<{ allowScripts?: Record<string, unknown> }>("package.json");
  const lock = readJson<{ packages: Record<string, LockPackage> }>("package-lock.json");

  it("the lock names the packages that run an install script (esbuild among them)", () => {
    expect(packagesWithInstallScripts(lock).map((p) => p.name)).toContain("esbuild");
  });

  it("every package with an install script is covered by package.json's allowScripts", () => {
    const allowScripts = manifest.allowScripts ?? {};
    const uncovered = packagesWithInstallScripts(lock)
      .filter((pkg) => !covered(allowScripts, pkg))
      .map((pkg) => `${pkg.name}@${pkg.version}`);
    expect(uncovered, "add each to package.json's allowScripts (npm install-scripts approve <name>) after reviewing its script").toEqual([]);
  });

  it("a lock entry nested under another package or in a scope is named by its last node_modules segment", () => {
    const nested = { packages: { "": {}, "node_modules/a/node_modules/@scope/b": { version: "1.0.0", hasInstallScript: true } } };
    expect(packagesWithInstallScripts(nested)).toEqual([{ name: "@scope/b", version: "1.0.0" }]);
    expect(covered({ "@scope/b@1.0.0": true }, { name: "@scope/b", version: "1.0.0" })).toBe(true);
    expect(covered({ "@scope/b@2.0.0": true }, { name: "@scope/b", version: "1.0.0" })).toBe(false);
  });
});
