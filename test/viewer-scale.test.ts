/**
 * The viewer at the size of a real `communities` run (2,000 accounts, 16,000 ties) in Chromium's
 * software WebGL (SwiftShader, as on a laptop without a GPU): prints the median frame time while the
 * camera moves (a printed figure, not a timed assertion: the machine's load decides it), and checks
 * that communities lie apart and that focusing one frames it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureViewerBundle } from "../src/viewer/bundle.ts";
import { createViewerServer, type ViewerServer } from "../src/viewer/server.ts";
import { browserTestsRun, chromiumLaunchOptions } from "./helpers/browser.ts";
import { projectRoot } from "./helpers/db.ts";
import { writeScaleFixture, type ViewerFixture } from "./viewer-fixture.ts";

const ARTIFACTS = path.join(projectRoot, "test-artifacts");

describe.skipIf(!browserTestsRun)("the viewer on a 2,000-account, 16,000-tie run", () => {
  let fixture: ViewerFixture;
  let viewer: ViewerServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureViewerBundle();
    fixture = writeScaleFixture();
    viewer = await createViewerServer({ runDirectory: fixture.runDirectory, port: 0 });
    browser = await chromium.launch(chromiumLaunchOptions);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(viewer.url);
    await page.waitForFunction(() => window.__viewer?.ready === true, undefined, { timeout: 120_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    fixture?.cleanup();
  });

  it("prints the median frame time while the camera moves", async () => {
    const frames = await page.evaluate(async () => {
      const { renderer } = window.__viewer!;
      const camera = renderer.getCamera();
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
      // The machine's own pace: animation frames of an idle page, to read the figure against.
      const idle: number[] = [];
      await new Promise<void>((resolve) => {
        let last = performance.now();
        const started = last;
        const tick = (now: number) => {
          idle.push(now - last);
          last = now;
          if (now - started < 1500) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      const times: number[] = [];
      const onRender = () => times.push(performance.now());
      renderer.on("afterRender", onRender);
      camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
      await camera.animate({ x: 0.35, y: 0.6, ratio: 0.45 }, { duration: 2500 });
      await camera.animate({ x: 0.6, y: 0.4, ratio: 1 }, { duration: 2500 });
      renderer.off("afterRender", onRender);
      const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
      return { frames: times.length, median: median(gaps), p90: gaps[Math.floor(gaps.length * 0.9)] ?? NaN, idle: median(idle.slice(1)) };
    });
    const order = await page.evaluate(() => ({ nodes: window.__viewer!.graph.order, ties: window.__viewer!.graph.size }));
    console.log(
      `viewer frame time while moving (${order.nodes} accounts, ${order.ties} ties, software WebGL): median ${frames.median.toFixed(1)} ms between frames, ` +
        `90th percentile ${frames.p90.toFixed(1)} ms, over ${frames.frames} frames (an idle page's frames: ${frames.idle.toFixed(1)} ms); ` +
        `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores`,
    );
    expect(frames.frames).toBeGreaterThan(2);
  });

  it("lays the communities out apart from each other", async () => {
    const separation = await page.evaluate(() => {
      const { graph } = window.__viewer!;
      const members = new Map<number, Array<{ x: number; y: number }>>();
      graph.forEachNode((_n, a) => {
        if (a.community === null) return;
        const list = members.get(a.community) ?? [];
        list.push({ x: a.x, y: a.y });
        members.set(a.community, list);
      });
      const discs = [...members.values()]
        .filter((points) => points.length >= 10)
        .map((points) => {
          const cx = points.reduce((s, p) => s + p.x, 0) / points.length;
          const cy = points.reduce((s, p) => s + p.y, 0) / points.length;
          const d = points.map((p) => Math.hypot(p.x - cx, p.y - cy)).sort((a, b) => a - b);
          return { cx, cy, r: d[Math.floor(d.length / 2)]! };
        });
      let apart = 0;
      let pairs = 0;
      for (let i = 0; i < discs.length; i++)
        for (let j = i + 1; j < discs.length; j++) {
          pairs++;
          if (Math.hypot(discs[i]!.cx - discs[j]!.cx, discs[i]!.cy - discs[j]!.cy) > discs[i]!.r + discs[j]!.r) apart++;
        }
      return apart / pairs;
    });
    await page.screenshot({ path: path.join(ARTIFACTS, "viewer-scale.png") });
    console.log(`communities apart (centres further than their median radii summed): ${(separation * 100).toFixed(0)}% of pairs`);
    expect(separation).toBeGreaterThan(0.8);
  });

  it("still finds the account under the pointer when dots are drawn as GL points", async () => {
    await page.evaluate(() => window.__viewer!.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
    await page.waitForTimeout(200);
    const target = await page.evaluate(() => {
      const { graph, renderer } = window.__viewer!;
      const node = graph.nodes().sort((a, b) => renderer.getNodeDisplayData(b)!.size - renderer.getNodeDisplayData(a)!.size)[0]!;
      return { node, ...renderer.graphToViewport(graph.getNodeAttributes(node)) };
    });
    const box = (await page.locator("#graph").boundingBox())!;
    await page.mouse.move(box.x + target.x, box.y + target.y);
    await page.waitForFunction((id) => window.__viewer!.state.hoveredNode === id, target.node, { timeout: 10_000 });
    await page.mouse.move(box.x + 2, box.y + box.height - 2);
  });

  it("frames the chosen community when focusing it", async () => {
    const community = await page.evaluate(() => window.__viewer!.payload.communities[3]!.id);
    await page.evaluate(() => window.__viewer!.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
    await page.locator(`#legend-list li[data-community="${community}"] button.name`).click();
    await page.waitForFunction(() => !window.__viewer!.renderer.getCamera().isAnimated());
    const framing = await page.evaluate((c) => {
      const { graph, renderer } = window.__viewer!;
      const { width, height } = renderer.getDimensions();
      const points = graph.filterNodes((_n, a) => a.community === c).map((n) => renderer.graphToViewport(graph.getNodeAttributes(n)));
      const inside = points.filter((p) => p.x >= 0 && p.x <= width && p.y >= 0 && p.y <= height).length;
      const xs = points.map((p) => p.x).sort((a, b) => a - b);
      const ys = points.map((p) => p.y).sort((a, b) => a - b);
      return { inside: inside / points.length, spread: Math.max((xs.at(-1)! - xs[0]!) / width, (ys.at(-1)! - ys[0]!) / height), ratio: renderer.getCamera().ratio };
    }, community);
    expect(framing.ratio).toBeLessThan(0.6);
    expect(framing.inside).toBeGreaterThan(0.9);
    expect(framing.spread).toBeGreaterThan(0.35);
  });
});
