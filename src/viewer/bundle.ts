/**
 * The viewer's page is a Vite bundle in `viz/dist`. `coordgraph view` and the browser test build it
 * on demand (Vite's JS API) when it is missing or older than its sources, so a fresh checkout needs
 * no build step. Vite is a dev dependency, loaded only when a build is needed.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../errors.ts";

export const VIZ_ROOT = fileURLToPath(new URL("../../viz/", import.meta.url));
/** Where the built page lives; the server serves nothing else. */
export const VIEWER_DIST = path.join(VIZ_ROOT, "dist");

/** Sources whose change makes the bundle stale (the page imports the viewer's types and scales). */
const SOURCES = [
  path.join(VIZ_ROOT, "index.html"),
  path.join(VIZ_ROOT, "src"),
  path.join(VIZ_ROOT, "public"),
  path.join(VIZ_ROOT, "vite.config.ts"),
  ...["./types.ts", "./scale.ts", "../report/export.ts", "../run/model.ts", "../run/words.ts"].map((file) => fileURLToPath(new URL(file, import.meta.url))),
];

export interface BundleOptions {
  /** Progress notes (meant for stderr). */
  log?: (line: string) => void;
  /** Build even when the bundle looks current. */
  force?: boolean;
}

/**
 * Returns `viz/dist`, building it first when it is missing or stale.
 *
 * @throws UsageError `VIEWER_BUNDLE_MISSING` when a build is needed and Vite is not installed.
 */
export async function ensureViewerBundle(options: BundleOptions = {}): Promise<string> {
  const built = path.join(VIEWER_DIST, "index.html");
  const haveBundle = fs.existsSync(built);
  if (haveBundle && !options.force && !isStale(fs.statSync(built).mtimeMs)) return VIEWER_DIST;

  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch (cause) {
    if (haveBundle) return VIEWER_DIST;
    throw new UsageError("VIEWER_BUNDLE_MISSING", `the viewer's page is not built (${VIEWER_DIST}) and Vite is not installed`, {
      cause,
      hint: "install the dev dependencies (npm install) or build it elsewhere with `vite build --config viz/vite.config.ts`",
    });
  }
  options.log?.("building the viewer page (viz/dist)...");
  // Build beside the old bundle and swap, so a server started meanwhile never sees half a bundle.
  const staging = path.join(VIZ_ROOT, `.dist-${process.pid}-${Date.now()}`);
  const startedAt = new Date();
  try {
    await vite.build({
      configFile: path.join(VIZ_ROOT, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: staging, emptyOutDir: true },
    });
    // The bundle is as old as the sources it read: dated at the build's start, a source saved while Vite
    // ran (after it read the file) still makes it stale, where the finish time would hide that edit.
    fs.utimesSync(path.join(staging, "index.html"), startedAt, startedAt);
    fs.rmSync(VIEWER_DIST, { recursive: true, force: true });
    fs.renameSync(staging, VIEWER_DIST);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return VIEWER_DIST;
}

function isStale(builtAt: number): boolean {
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}
