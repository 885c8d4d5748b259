/**
 * The Chromium the browser tests drive through playwright-core: COORDGRAPH_CHROMIUM, else Debian's
 * /usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it). Without one the browser
 * tests skip (global-setup.ts says so in one line), except in CI (CI=true), where they must run.
 */
import fs from "node:fs";
import type { LaunchOptions } from "playwright-core";

export const chromiumPath = process.env.COORDGRAPH_CHROMIUM || "/usr/bin/chromium";

/** False only outside CI on a machine without Chromium. */
export const browserTestsRun = fs.existsSync(chromiumPath) || process.env.CI === "true";

/** Headless, software rendering, nothing phoning home. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
