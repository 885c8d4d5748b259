/**
 * Regenerates the README's pictures: `npx tsx docs/screenshots.ts <run dir> [<report.html>]` opens the
 * viewer on a run in headless Chromium (COORDGRAPH_CHROMIUM, else Debian's /usr/bin/chromium), opens the
 * panel of the strongest group's strongest account (its ties and their evidence) and saves
 * docs/viewer.png (and docs/report.png for a report).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { connect, disconnect } from "../src/db/driver.ts";
import { createViewerServer, ensureViewerBundle } from "../src/viewer/index.ts";

const docs = path.dirname(fileURLToPath(import.meta.url));
const [runDirectory, reportFile] = process.argv.slice(2);
if (!runDirectory) throw new Error("usage: docs/screenshots.ts <run dir> [<report.html>]");

await ensureViewerBundle();
const db = await connect();
const viewer = await createViewerServer({ runDirectory, db, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.COORDGRAPH_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(viewer.url);
  await page.waitForFunction(() => (window as unknown as { __viewer?: { ready?: boolean } }).__viewer?.ready === true, undefined, { timeout: 120_000 });
  await page.waitForTimeout(500);
  // The strongest group comes first in the legend; its strongest member is the first it names.
  const strongest = await page.evaluate(() => {
    const viewer = (window as unknown as { __viewer?: { payload: { communities: Array<{ memberIds: string[] }> }; select(id: string): void } }).__viewer!;
    const id = viewer.payload.communities[0]?.memberIds[0] ?? null;
    if (id) viewer.select(id);
    return id;
  });
  if (strongest) await page.waitForFunction((id) => document.getElementById("panel-body")?.dataset.account === id, strongest, { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(docs, "viewer.png") });
  if (reportFile) {
    await page.goto(`file://${path.resolve(reportFile)}`);
    await page.screenshot({ path: path.join(docs, "report.png"), fullPage: false });
  }
} finally {
  await browser.close();
  await viewer.close();
  await disconnect();
}
