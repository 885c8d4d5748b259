#!/usr/bin/env node
// Runs the TypeScript sources with no build step for the user to remember. Loading ~130 modules
// through tsx's loader costs about half a second of CPU at every start, so the first start after a
// change bundles src/ and analyses/ with esbuild (the compiler tsx itself uses) into
// node_modules/.cache/coordgraph/, and later starts run that one file while no source changed (the
// bundle's key is every source file's path, size and modification time). Each module keeps its own
// `import.meta.url`, so files found beside the sources (cypher/, viz/, package.json, the bulk
// worker) are found as before. Anything that stops the bundle falls back to tsx;
// COORDGRAPH_NO_BUNDLE=1 always uses tsx.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const entry = path.join(root, "src", "cli", "main.ts");

/** A key for the current sources: every file's path, size and modification time under src/ and analyses/. */
function sourcesKey() {
  const hash = crypto.createHash("sha1");
  const walk = (dir) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else {
        const stat = fs.statSync(full);
        hash.update(`${full}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["src", "analyses"]) walk(path.join(root, dir));
  hash.update(fs.readFileSync(path.join(root, "tsconfig.json")));
  return hash.digest("hex").slice(0, 20);
}

/** The bundle for the current sources, built when missing; undefined when it cannot be built. */
async function bundle() {
  const dir = path.join(root, "node_modules", ".cache", "coordgraph");
  const file = path.join(dir, `cli-${sourcesKey()}.mjs`);
  if (fs.existsSync(file)) return file;
  const { build } = await import("esbuild");
  const ownUrl = {
    name: "own-import-meta-url",
    setup(context) {
      context.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => ({
        contents: (await fs.promises.readFile(args.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
        loader: "ts",
      }));
    },
  };
  fs.mkdirSync(dir, { recursive: true });
  // Built beside its final name and renamed into place: two commands starting at once never read half a file.
  const partial = `${file}.${process.pid}.partial`;
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: partial, plugins: [ownUrl], logLevel: "silent" });
  fs.renameSync(partial, file);
  // Bundles of earlier sources go once they are an hour old (a command started just before may still be loading one).
  for (const old of fs.readdirSync(dir)) {
    const full = path.join(dir, old);
    try {
      if (old.startsWith("cli-") && full !== file && Date.now() - fs.statSync(full).mtimeMs > 3_600_000) fs.rmSync(full, { force: true });
    } catch {
      /* removed by another command meanwhile */
    }
  }
  return file;
}

let bundled;
if (process.env.COORDGRAPH_NO_BUNDLE !== "1") {
  try {
    bundled = await bundle();
  } catch {
    bundled = undefined; // no esbuild, a read-only tree, a syntax error tsx will report: run through tsx
  }
}
if (bundled) {
  await import(pathToFileURL(bundled).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
