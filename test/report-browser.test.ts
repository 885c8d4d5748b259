import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatherCommunityReport } from "../src/report/gather.ts";
import { renderHtml } from "../src/report/html.ts";
import { loadFixtureGraph, removeTemporaryDirs, writeFixtureRun } from "./fixtures/report/fixture.ts";
import { browserTestsRun, chromiumLaunchOptions } from "./helpers/browser.ts";
import { emptyDatabase, testDatabase } from "./helpers/db.ts";

describe.skipIf(!browserTestsRun)("the HTML report of the fixture in Chromium", () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const db = await testDatabase();
    await emptyDatabase(db);
    await loadFixtureGraph(db);
    const runDir = await writeFixtureRun(db);
    const file = path.join(runDir, "report.html");
    fs.writeFileSync(file, renderHtml(await gatherCommunityReport(db, runDir)));

    browser = await chromium.launch(chromiumLaunchOptions);
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    removeTemporaryDirs();
  });

  it("draws one visible bar per day with posts or account creations, per chart", async () => {
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll("section svg.chart")].map((svg) => [
        svg.closest("section")!.id,
        svg.getAttribute("aria-label"),
        [...svg.querySelectorAll("rect")].filter((rect) => rect.getBoundingClientRect().height > 0).length,
      ]),
    );
    expect(charts).toEqual([
      ["community-0", "Activity", 2],
      ["community-0", "Account creation", 2],
      ["community-1", "Activity", 2],
      ["community-1", "Account creation", 2],
    ]);
  });

  it("scales bars to their counts: the busiest day is twice as tall as a day with half the posts", async () => {
    const heights = await page.evaluate(() =>
      [...document.querySelectorAll("#community-0 svg.chart[aria-label='Activity'] rect")]
        .map((rect) => rect.getBoundingClientRect().height)
        .filter((h) => h > 0),
    );
    expect(heights).toHaveLength(2);
    expect(heights[0] / heights[1]).toBeCloseTo(2, 1);
  });

  it("lays the charts out on screen and logs no error or policy violation", async () => {
    const boxes = await page.evaluate(() => [...document.querySelectorAll("svg.chart")].map((svg) => svg.getBoundingClientRect().width));
    expect(boxes.every((width) => width > 100)).toBe(true);
    expect(problems).toEqual([]);
  });
});
