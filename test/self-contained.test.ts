/**
 * The project travels alone: a clone has no `../shared` beside it, so no code, test, fixture or
 * benchmark may name a path there. What a test needs lives in test/fixtures (see test/helpers/fixtures.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../", import.meta.url));
const thisFile = fileURLToPath(import.meta.url);
const checkedFolders = ["test", "src", "analyses", "bench", "viz"];
/** Installed or built, not written here. */
const skippedFolders = new Set(["node_modules", "dist", "out"]);
const outsidePaths = ["../shared", "shared/data"];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skippedFolders.has(entry.name) ? [] : filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

describe("the project is self-contained", () => {
  it(`no file under ${checkedFolders.join(", ")} names ${outsidePaths.join(" or ")}`, () => {
    const files = checkedFolders.flatMap((folder) => filesUnder(path.join(projectRoot, folder))).filter((file) => file !== thisFile);
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) => {
      const text = fs.readFileSync(file, "latin1");
      return outsidePaths.filter((name) => text.includes(name)).map((name) => `${path.relative(projectRoot, file)}: ${name}`);
    });
    expect(offenders).toEqual([]);
  });
});
