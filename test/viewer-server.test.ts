import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { UndirectedGraph } from "graphology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/driver.ts";
import { communityLayout, layoutIterations } from "../src/viewer/layout.ts";
import { selectStrongestPart } from "../src/viewer/payload.ts";
import neo4j from "neo4j-driver";
import { nearestRuns, readRunDirectory, resolveRunDirectory } from "../src/engine/runs.ts";
import type { CoordgraphError } from "../src/errors.ts";
import { describeParameters, describeSummary, formatFigure } from "../src/run/words.ts";
import { allowedHostHeaders, createViewerServer, type ViewerServer } from "../src/viewer/server.ts";
import { ensureViewerBundle } from "../src/viewer/bundle.ts";
import { tweetText } from "../viz/src/panel.ts";
import type { AccountDetails, TieDetails, ViewerPayload } from "../src/viewer/types.ts";
import { seededRng } from "../src/util/rng.ts";
import { writeRunDirectory, type RunRecord } from "../src/engine/store.ts";
import { partitionAccounts } from "../src/core/partition.ts";
import type { EvidenceItem, RunEdge } from "../src/run/model.ts";
import { emptyDatabase, testDatabase } from "./helpers/db.ts";
import { HOSTILE_NAME, loadViewerFixture, writeScaleFixture, writeViewerFixture, type ViewerFixture } from "./viewer-fixture.ts";

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with the path sent byte for byte (fetch and URL would normalise `..` away first). */
function rawRequest(url: string, rawPath: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { hostname, port, path: rawPath, method: options.method ?? "GET", headers: options.host ? { Host: options.host } : {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** A stand-in bundle: index.html, one asset, and symlinks pointing out of it. */
function fakeBundle(): { root: string; staticDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-viewer-static-"));
  const staticDir = path.join(root, "dist");
  fs.mkdirSync(path.join(staticDir, "assets"), { recursive: true });
  fs.writeFileSync(path.join(staticDir, "index.html"), "<!doctype html><title>viewer</title>");
  fs.writeFileSync(path.join(staticDir, "assets", "app.js"), "console.log('viewer');");
  fs.writeFileSync(path.join(root, "secret.txt"), "SECRET");
  fs.symlinkSync(path.join(root, "secret.txt"), path.join(staticDir, "linked-secret.txt"));
  fs.symlinkSync(root, path.join(staticDir, "linked-dir"));
  fs.writeFileSync(path.join(staticDir, ".env"), "TOKEN=1");
  return { root, staticDir };
}

describe("the viewer server without a database", () => {
  let fixture: ViewerFixture;
  let bundle: { root: string; staticDir: string };
  let viewer: ViewerServer;

  beforeAll(async () => {
    fixture = writeViewerFixture();
    bundle = fakeBundle();
    viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0 });
  });
  afterAll(async () => {
    await viewer?.close();
    fixture?.cleanup();
    if (bundle) fs.rmSync(bundle.root, { recursive: true, force: true });
  });

  it("binds 127.0.0.1 by default and says so in its URL", () => {
    expect(viewer.address.host).toBe("127.0.0.1");
    expect(viewer.url).toBe(`http://127.0.0.1:${viewer.address.port}/`);
    expect(viewer.run).toBe(fixture.record.id);
  });

  it.each([
    "/../package.json",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fpackage.json",
    "/%2E%2E/secret.txt",
    "/assets/../../secret.txt",
    "/..\\secret.txt",
    "//etc/passwd",
    "/%2Fetc%2Fpasswd",
    "/linked-secret.txt",
    "/linked-dir/secret.txt",
    "/.env",
    "/assets%00.js",
    "/%E0%A4%A",
  ])("answers 404 to %s", async (attempt) => {
    const response = await rawRequest(viewer.url, attempt);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("SECRET");
    expect(response.body).not.toContain("root:");
  });

  it("serves the page's files with a script policy that allows no inline code", async () => {
    const page = await rawRequest(viewer.url, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    const policy = String(page.headers["content-security-policy"]);
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    const asset = await rawRequest(viewer.url, "/assets/app.js?v=1");
    expect(asset.status).toBe(200);
    expect(asset.headers["content-type"]).toBe("text/javascript; charset=utf-8");
  });

  it("refuses other methods and foreign Host headers (DNS rebinding)", async () => {
    expect((await rawRequest(viewer.url, "/api/run", { method: "POST" })).status).toBe(405);
    expect((await rawRequest(viewer.url, "/api/run", { host: "evil.example:80" })).status).toBe(403);
    expect((await rawRequest(viewer.url, "/api/run", { host: `localhost:${viewer.address.port}` })).status).toBe(200);
  });

  it("has no endpoint beyond the run and accounts", async () => {
    for (const attempt of ["/api/cypher?q=MATCH%20(n)%20DETACH%20DELETE%20n", "/api/query", "/api"]) {
      const response = await rawRequest(viewer.url, attempt);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body).error.code).toBe("NOT_FOUND");
    }
  });

  it("sends the run as columns: every account with a position, community and metrics, every tie by index", async () => {
    const response = await rawRequest(viewer.url, "/api/run");
    expect(response.status).toBe(200);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    const payload = JSON.parse(response.body) as ViewerPayload;
    const order = fixture.result.nodes.length;
    expect(payload.run.id).toBe(fixture.record.id);
    expect(payload.nodes.id).toHaveLength(order);
    expect(payload.nodes.x.every(Number.isFinite) && payload.nodes.y.every(Number.isFinite)).toBe(true);
    expect(payload.nodes.label).toEqual(payload.nodes.id);
    expect(payload.sizeMetrics.slice(0, 3)).toEqual(["weightedDegree", "degree", "pagerank"]);
    expect(payload.nodes.metrics.pagerank).toHaveLength(order);
    expect(payload.edges.source.length).toBeGreaterThan(0);
    expect(payload.edges.source.every((i) => i >= 0 && i < order)).toBe(true);
    expect(payload.edges.attributes.avgTimeDelta).toHaveLength(payload.edges.source.length);
    expect(payload.communities.map((c) => c.id)).toEqual([0, 1, 2]);
    expect(new Set(payload.communities.map((c) => c.colour)).size).toBe(3);
    expect(payload.communities.reduce((s, c) => s + c.shown, 0)).toBe(order);
    expect(payload.truncated).toBeNull();
  });

  it("compresses the run payload when the browser accepts gzip", async () => {
    const response = await fetch(`${viewer.url}api/run`, { headers: { "Accept-Encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(((await response.json()) as ViewerPayload).nodes.id).toHaveLength(fixture.result.nodes.length);
  });

  it("answers 404 JSON for an unknown account and run data for a member when there is no database", async () => {
    const unknown = await fetch(`${viewer.url}api/account/does-not-exist`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("ACCOUNT_NOT_FOUND");

    const hub = fixture.groups[0]![0]!;
    const member = await fetch(`${viewer.url}api/account/${encodeURIComponent(hub)}`);
    expect(member.status).toBe(200);
    const details = (await member.json()) as AccountDetails;
    expect(details.profile).toBeNull();
    expect(details.run.member).toBe(true);
    expect(details.run.tieCount).toBeGreaterThanOrEqual(fixture.groups[0]!.length - 1);
    const weights = details.run.ties.map((t) => t.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });
});

describe("the viewer's page bundle", () => {
  it("is dated at the build's start, so a source saved while Vite runs still makes it stale", async () => {
    const startedBefore = Date.now();
    const dist = await ensureViewerBundle({ force: true });
    const finishedAt = Date.now();
    const datedAt = fs.statSync(path.join(dist, "index.html")).mtimeMs;
    // Dated at the finish, an edit saved in between would look older than the bundle and never be built.
    expect(datedAt).toBeGreaterThanOrEqual(startedBefore - 1000);
    expect(datedAt).toBeLessThan(startedBefore + (finishedAt - startedBefore) / 2);
  });
});

describe("the viewer's limits", () => {
  let fixture: ViewerFixture;
  beforeAll(() => {
    fixture = writeViewerFixture();
  });
  afterAll(() => fixture?.cleanup());

  it("keeps each community's strongest accounts in proportion to its size and says what it cut", () => {
    const { result } = readRunDirectory(fixture.runDirectory);
    const part = selectStrongestPart(result, { maxNodes: 30, maxEdges: 40 });
    expect(part.truncated).toMatchObject({ shownNodes: 30, totalNodes: 60, shownEdges: 40 });
    const perCommunity = new Map<number | null, number>();
    for (const n of part.nodes) perCommunity.set(n.community, (perCommunity.get(n.community) ?? 0) + 1);
    const sizes = new Map(result.communities.map((c) => [c.id, c.size]));
    for (const [community, kept] of perCommunity) expect(Math.abs(kept - (sizes.get(community!)! * 30) / 60)).toBeLessThanOrEqual(1);
    // The hubs (strongest) survive.
    const kept = new Set(part.nodes.map((n) => n.id));
    for (const group of fixture.groups) expect(kept.has(group[0]!)).toBe(true);
  });

  it("keeps every shown account's strongest tie when cutting ties", () => {
    const { result } = readRunDirectory(fixture.runDirectory);
    const part = selectStrongestPart(result, { maxNodes: 1000, maxEdges: 60 });
    expect(part.edges).toHaveLength(60);
    const touched = new Set(part.edges.flatMap((e) => [e.source, e.target]));
    expect(part.nodes.every((n) => touched.has(n.id))).toBe(true);
  });

  it("marks the payload truncated when the server is given lower limits", async () => {
    const bundle = fakeBundle();
    const viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0, maxNodes: 30, maxEdges: 40 });
    try {
      const payload = (await (await fetch(`${viewer.url}api/run`)).json()) as ViewerPayload;
      expect(payload.truncated).toEqual({ shownNodes: 30, totalNodes: 60, shownEdges: 40, totalEdges: viewer.truncated!.totalEdges });
      expect(payload.nodes.id).toHaveLength(30);
      expect(payload.edges.source).toHaveLength(40);
    } finally {
      await viewer.close();
      fs.rmSync(bundle.root, { recursive: true, force: true });
    }
  });
});

/** Three groups of 40 with dense random ties inside and a few between. */
function threeGroups(): UndirectedGraph {
  const rng = seededRng(3);
  const graph = new UndirectedGraph();
  for (let g = 0; g < 3; g++) for (let i = 0; i < 40; i++) graph.addNode(`${g}-${i}`, { community: g });
  for (let g = 0; g < 3; g++) {
    for (let i = 0; i < 40; i++) for (let j = i + 1; j < 40; j++) if (rng() < 0.2) graph.addEdge(`${g}-${i}`, `${g}-${j}`, { weight: 1 + Math.floor(rng() * 3) });
  }
  graph.addEdge("0-0", "1-0", { weight: 1 });
  graph.addEdge("1-1", "2-1", { weight: 1 });
  return graph;
}

describe("communityLayout", () => {
  it("gives the same positions for the same seed and leaves the graph alone", () => {
    const graph = threeGroups();
    const first = communityLayout(graph, { seed: 5 });
    const second = communityLayout(graph, { seed: 5 });
    expect(second).toEqual(first);
    expect(graph.getNodeAttribute("0-0", "x")).toBeUndefined();
    expect(communityLayout(graph, { seed: 6 })).not.toEqual(first);
  });

  it("places communities apart: each centre is farther from the others than the groups are wide", () => {
    const graph = threeGroups();
    const positions = communityLayout(graph, { seed: 5 });
    const centres = [0, 1, 2].map((g) => {
      const members = graph.filterNodes((_n, a) => a.community === g).map((n) => positions[n]!);
      const cx = members.reduce((s, p) => s + p.x, 0) / members.length;
      const cy = members.reduce((s, p) => s + p.y, 0) / members.length;
      const spread = Math.sqrt(members.reduce((s, p) => s + (p.x - cx) ** 2 + (p.y - cy) ** 2, 0) / members.length);
      return { cx, cy, spread };
    });
    for (let a = 0; a < 3; a++) {
      for (let b = a + 1; b < 3; b++) {
        const distance = Math.hypot(centres[a]!.cx - centres[b]!.cx, centres[a]!.cy - centres[b]!.cy);
        expect(distance).toBeGreaterThan(centres[a]!.spread + centres[b]!.spread);
      }
    }
  });

  it("never starts from all-zero positions, even without edges", () => {
    const graph = new UndirectedGraph();
    for (let i = 0; i < 10; i++) graph.addNode(`n${i}`, { community: null });
    const positions = Object.values(communityLayout(graph, { seed: 1 }));
    expect(new Set(positions.map((p) => `${p.x},${p.y}`)).size).toBe(10);
  });

  it("scales ForceAtlas2 iterations down as the graph grows", () => {
    expect(layoutIterations(5_000, 20_000)).toBe(100);
    expect(layoutIterations(20_000, 100_000)).toBeLessThan(30);
    expect(layoutIterations(10, 20)).toBe(400);
    expect(layoutIterations(1_000_000, 5_000_000)).toBe(15);
  });
});

describe("the account endpoint with Neo4j", () => {
  let db: Database;
  let fixture: ViewerFixture;
  let bundle: { root: string; staticDir: string };
  let viewer: ViewerServer;

  beforeAll(async () => {
    db = await testDatabase();
    await emptyDatabase(db);
    fixture = writeViewerFixture();
    await loadViewerFixture(db, fixture);
    bundle = fakeBundle();
    viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0, db });
  });
  afterAll(async () => {
    await viewer?.close();
    fixture?.cleanup();
    if (bundle) fs.rmSync(bundle.root, { recursive: true, force: true });
  });

  it("labels nodes with screen names (markup kept as text) and lists their datasets", async () => {
    const payload = (await (await fetch(`${viewer.url}api/run`)).json()) as ViewerPayload;
    const hostile = payload.nodes.id.indexOf(fixture.groups[0]![1]!);
    expect(payload.nodes.label[hostile]).toBe(HOSTILE_NAME);
    expect(payload.datasets).toEqual(["dataset-a", "dataset-b"]);
    expect(payload.sizeMetrics).toContain("posts");
    expect(payload.nodes.metrics.posts![hostile]).toBe(2);
  });

  it("returns profile, community, ties with co-share examples, hashtags, URLs and tweets of an account", async () => {
    const id = fixture.groups[0]![0]!;
    const response = await fetch(`${viewer.url}api/account/${encodeURIComponent(id)}`);
    expect(response.status).toBe(200);
    const details = (await response.json()) as AccountDetails;
    expect(details.id).toBe(id);
    expect(details.profile).toMatchObject({ screenName: "user_0_0", followers: 100, createdAt: "2015-03-01", language: "en", accountCategory: "RightTroll", accountType: "Russian" });
    expect(details.datasets).toEqual(["dataset-a"]);
    expect(details.posts).toBe(2);
    expect(details.run.community).toBe(fixture.result.nodes.find((n) => n.id === id)!.community);
    expect(details.run.ties.length).toBeGreaterThan(0);
    expect(details.run.ties[0]!.label).toMatch(/^user_|^</);
    const withExamples = details.run.ties.find((t) => t.examples.length > 0);
    expect(withExamples?.examples[0]).toMatchObject({ objectId: expect.stringMatching(/^obj-0-/), timeDelta: 3 });
    expect(details.evidenceTweets.length).toBeGreaterThan(0);
    expect(details.hashtags.map((h) => h.name).sort()).toEqual(["common", "rare0", "tag0"]);
    expect(details.urls).toHaveLength(2);
    expect(details.tweets.map((t) => t.time)).toEqual([1_500_000_000_001, 1_500_000_000_000]);
  });

  it("answers 404 JSON for an account in neither the run nor the database", async () => {
    const response = await fetch(`${viewer.url}api/account/${encodeURIComponent("' OR 1=1 //")}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});

describe("the viewer's Host check", () => {
  it("answers browsers on port 80, which leave the port out of the Host header", () => {
    const on80 = allowedHostHeaders("127.0.0.1", 80);
    expect(on80.has("127.0.0.1")).toBe(true);
    expect(on80.has("localhost")).toBe(true);
    expect(on80.has("127.0.0.1:80")).toBe(true);
    expect(on80.has("evil.example")).toBe(false);
    expect(allowedHostHeaders("127.0.0.1", 5177).has("127.0.0.1")).toBe(false);
  });
});

describe("a run with evidence, verdicts and significance", () => {
  let fixture: ViewerFixture;
  let bundle: { root: string; staticDir: string };
  let viewer: ViewerServer;
  let payload: ViewerPayload;

  beforeAll(async () => {
    fixture = writeViewerFixture({ evidence: true });
    bundle = fakeBundle();
    viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0 });
    payload = (await (await fetch(`${viewer.url}api/run`)).json()) as ViewerPayload;
  });
  afterAll(async () => {
    await viewer?.close();
    fixture?.cleanup();
    if (bundle) fs.rmSync(bundle.root, { recursive: true, force: true });
  });

  it("lists the groups strongest first, by score, with verdict, reason and headline", () => {
    expect(payload.communities.map((c) => c.verdict)).toEqual(["strong", "moderate", "weak"]);
    expect(payload.communities.map((c) => c.score)).toEqual([4.2, 1.7, 0.2]);
    expect(payload.communities[0]!.headline).toMatch(/accounts retweeted the same stories/);
    expect(payload.communities[0]!.reason).toMatch(/^strong on purpose/);
  });

  it("names each group by its strongest members, not by joined ids", () => {
    for (const c of payload.communities) {
      expect(c.label).toMatch(/^[^,]+, [^,]+ \+\d+$/);
      expect(c.memberIds).toHaveLength(2);
      expect(c.label.length).toBeLessThan(60);
    }
  });

  it("carries every tie's significance columns to the page", () => {
    for (const column of ["observed", "expected", "pValue", "adjustedPValue", "significant"]) expect(payload.edges.attributes[column]).toHaveLength(payload.edges.source.length);
  });

  it("says there is no database, in the payload and in each account's details", async () => {
    expect(payload.database.connected).toBe(false);
    expect(payload.database.message).toMatch(/without a database/);
    const details = (await (await fetch(`${viewer.url}api/account/${fixture.groups[0]![0]}`)).json()) as AccountDetails;
    expect(details.databaseConnected).toBe(false);
  });

  it("gives each of an account's ties its evidence from evidence.csv, as that account saw it", async () => {
    const id = fixture.groups[0]![5]!;
    const details = (await (await fetch(`${viewer.url}api/account/${id}`)).json()) as AccountDetails;
    expect(details.run.ties.length).toBeGreaterThan(0);
    for (const tie of details.run.ties) {
      expect(tie.evidence.length).toBeGreaterThan(0);
      expect(tie.examples).toEqual([]);
      for (const item of tie.evidence) {
        if (item.kind !== "co-share") throw new Error(`expected co-share evidence, got ${item.kind}`);
        // A is the account asked about: its own share's id starts with its id.
        expect(item.contentA.startsWith(id)).toBe(true);
        expect(item.contentB.startsWith(tie.id)).toBe(true);
      }
      expect(tie.attributes).toMatchObject({ observed: expect.any(Number), expected: expect.any(Number), adjustedPValue: expect.any(Number) });
    }
  });

  it("answers one tie with its evidence either way round, and 404 for accounts not tied", async () => {
    // A pair tied once (the fixture ties some pairs twice; the viewer sums them).
    const key = (e: { source: string; target: string }) => [e.source, e.target].sort().join(" ");
    const edge = fixture.result.edges.find((e) => fixture.result.edges.filter((o) => key(o) === key(e)).length === 1)!;
    const forward = (await (await fetch(`${viewer.url}api/tie?a=${edge.source}&b=${edge.target}`)).json()) as TieDetails;
    const backward = (await (await fetch(`${viewer.url}api/tie?a=${edge.target}&b=${edge.source}`)).json()) as TieDetails;
    expect(forward.evidenceSource).toBe("evidence.csv");
    expect(forward.evidence.length).toBe(2);
    expect(forward.evidence[0]).toMatchObject({ kind: "co-share", label: expect.stringContaining("RT @news_"), delaySeconds: 3 });
    const first = forward.evidence[0]!;
    if (first.kind !== "co-share") throw new Error(`expected co-share evidence, got ${first.kind}`);
    expect(backward.evidence[0]).toMatchObject({ contentA: first.contentB, timeA: first.timeB });
    expect(forward.attributes).toMatchObject({ observed: edge.weight });
    const a = fixture.groups[0]![1]!;
    const b = fixture.groups[2]![1]!;
    const response = await fetch(`${viewer.url}api/tie?a=${a}&b=${b}`);
    expect(response.status).toBe(404);
    expect((await fetch(`${viewer.url}api/tie?a=${a}`)).status).toBe(400);
  });

  it("falls back to pairs.csv for a run written before evidence.csv", async () => {
    const old = writeViewerFixture();
    const oldViewer = await createViewerServer({ runDirectory: old.runDirectory, staticDir: bundle.staticDir, port: 0 });
    try {
      const edge = old.result.edges[0]!;
      const tie = (await (await fetch(`${oldViewer.url}api/tie?a=${edge.source}&b=${edge.target}`)).json()) as TieDetails;
      expect(tie.evidenceSource).toBe("pairs.csv");
      expect(tie.evidence).toEqual([]);
      expect(tie.examples[0]).toMatchObject({ objectId: expect.stringMatching(/^obj-/), timeDelta: 3 });
    } finally {
      await oldViewer.close();
      old.cleanup();
    }
  });
});

/** A run of `analysis` with one tie between "a1" and "b2" and these evidence items (A = a1), in a directory of its own. */
function writeOneTieRun(analysis: string, attributes: RunEdge["attributes"], items: EvidenceItem[]): { runDirectory: string; cleanup: () => void } {
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-viewer-one-tie-"));
  const edges: RunEdge[] = [{ source: "a1", target: "b2", weight: 2, attributes }];
  const partition = partitionAccounts(edges, { seed: 1 });
  const record: RunRecord = {
    id: `${analysis}-20240101-000000`,
    analysis,
    createdAt: "2024-01-01T00:00:00.000Z",
    params: {},
    scope: { datasets: null, since: null, until: null },
    outDir: runDirectory,
    version: "test",
    counts: { accounts: 2, edges: 1, communities: partition.communities.length },
    summary: {},
    timings: {},
    warnings: [],
  };
  writeRunDirectory(record, { directed: false, nodes: partition.nodes, edges, communities: partition.communities, summary: {}, evidence: [{ source: "a1", target: "b2", items }] });
  return { runDirectory, cleanup: () => fs.rmSync(runDirectory, { recursive: true, force: true }) };
}

describe("communities and sync evidence seen from either account of a tie", () => {
  const mention: EvidenceItem = { kind: "interaction", action: "mention", countA: 2, countB: 0 };
  const sharedLink: EvidenceItem = {
    kind: "shared-target", targetKind: "link", object: "https://news.example/1", label: "https://news.example/1", sharingAccounts: 3,
    contentA: "101", contentB: "202", timeA: 1_475_323_260_000, timeB: 1_475_332_200_000, delaySeconds: 8940,
    textA: "read https://t.co/a", textB: "see https://t.co/b", actionA: "link", actionB: "link", countA: 1, countB: 4,
  };
  let run: { runDirectory: string; cleanup: () => void };
  let bundle: { root: string; staticDir: string };
  let viewer: ViewerServer;

  beforeAll(async () => {
    run = writeOneTieRun("communities", { retweets: 0, replies: 0, quotes: 0, mentions: 2, sharedTargets: 1, sharedLinks: 1, sharedTargetWeight: 0.5 }, [mention, sharedLink]);
    bundle = fakeBundle();
    viewer = await createViewerServer({ runDirectory: run.runDirectory, staticDir: bundle.staticDir, port: 0 });
  });
  afterAll(async () => {
    await viewer?.close();
    run?.cleanup();
    if (bundle) fs.rmSync(bundle.root, { recursive: true, force: true });
  });

  it("answers a tie with its interactions and shared targets, as each of its accounts saw them", async () => {
    const forward = (await (await fetch(`${viewer.url}api/tie?a=a1&b=b2`)).json()) as TieDetails;
    const backward = (await (await fetch(`${viewer.url}api/tie?a=b2&b=a1`)).json()) as TieDetails;
    expect(forward.evidenceSource).toBe("evidence.csv");
    expect(forward.evidence).toEqual([mention, sharedLink]);
    expect(backward.evidence).toEqual([
      { ...mention, countA: 0, countB: 2 },
      { ...sharedLink, contentA: "202", contentB: "101", timeA: 1_475_332_200_000, timeB: 1_475_323_260_000, textA: "see https://t.co/b", textB: "read https://t.co/a", countA: 4, countB: 1 },
    ]);
  });

  it("gives the account panel's tie the same evidence", async () => {
    const details = (await (await fetch(`${viewer.url}api/account/b2`)).json()) as AccountDetails;
    expect(details.run.ties.map((t) => [t.id, t.evidence.map((i) => i.kind)])).toEqual([["a1", ["interaction", "shared-target"]]]);
    expect(details.run.ties[0]!.evidence[0]).toMatchObject({ countA: 0, countB: 2 });
  });

  it("swaps a sync item's two texts with its posts when the tie is seen from its other account", async () => {
    const sync = writeOneTieRun("sync", { observed: 1 }, [
      { kind: "sync", binStart: 1_475_323_200_000, binSeconds: 60, contentA: "101", contentB: "202", textA: "text of a1", textB: "text of b2", timeA: 1_475_323_201_000, timeB: 1_475_323_230_000, delaySeconds: 29 },
    ]);
    const syncViewer = await createViewerServer({ runDirectory: sync.runDirectory, staticDir: bundle.staticDir, port: 0 });
    try {
      const details = (await (await fetch(`${syncViewer.url}api/account/b2`)).json()) as AccountDetails;
      expect(details.run.ties[0]!.evidence[0]).toMatchObject({ contentA: "202", textA: "text of b2", textB: "text of a1" });
    } finally {
      await syncViewer.close();
      sync.cleanup();
    }
  });
});

describe("the viewer with Neo4j unreachable", () => {
  it("starts, says why profiles are missing, and still answers from the run", async () => {
    const fixture = writeViewerFixture();
    const bundle = fakeBundle();
    const config = { mode: "external" as const, uri: "bolt://127.0.0.1:9", user: "neo4j", password: "unused", database: "neo4j" };
    const driver = neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), { maxTransactionRetryTime: 500, connectionTimeout: 1000 });
    const logged: string[] = [];
    const viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0, db: { driver, config, database: "neo4j" }, log: (line) => logged.push(line) });
    try {
      expect(viewer.database.connected).toBe(false);
      expect(viewer.database.message).toMatch(/Neo4j is unreachable.*coordgraph db start/);
      expect(logged.some((line) => /warning: Neo4j is unreachable/.test(line))).toBe(true);
      const payload = (await (await fetch(`${viewer.url}api/run`)).json()) as ViewerPayload;
      expect(payload.database).toEqual(viewer.database);
      expect(payload.nodes.id).toHaveLength(fixture.result.nodes.length);
      const details = (await (await fetch(`${viewer.url}api/account/${fixture.groups[0]![0]}`)).json()) as AccountDetails;
      expect(details.databaseConnected).toBe(false);
      expect(details.run.member).toBe(true);
    } finally {
      await viewer.close();
      await driver.close();
      fixture.cleanup();
      fs.rmSync(bundle.root, { recursive: true, force: true });
    }
  });
});

describe("names and words on the page", () => {
  it("shows hashed ids as the shortest unambiguous prefix, full id kept", async () => {
    const fixture = writeScaleFixture({ accounts: 300, ties: 900, groups: 5 });
    const bundle = fakeBundle();
    const viewer = await createViewerServer({ runDirectory: fixture.runDirectory, staticDir: bundle.staticDir, port: 0 });
    try {
      const payload = (await (await fetch(`${viewer.url}api/run`)).json()) as ViewerPayload;
      expect(payload.nodes.id[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(payload.nodes.label).size).toBe(payload.nodes.label.length);
      payload.nodes.label.forEach((label, i) => {
        expect(label.endsWith("…")).toBe(true);
        expect(label.length).toBeLessThanOrEqual(12);
        expect(payload.nodes.id[i]!.startsWith(label.slice(0, -1))).toBe(true);
      });
      expect(payload.run.title).toBe("Communities: accounts that interact with each other or amplify the same accounts, tweets and links");
      expect(payload.run.groupNoun).toBe("Communities");
      expect(payload.run.parameters.map((p) => `${p.label}: ${p.value}`)).toEqual(["interactions counted: all", "includes accounts outside the archive: no", "smallest tie weight kept: 1"]);
      expect(payload.run.parameters[0]!.description).toBe("which interactions count, as direct ties and as ways of amplifying a shared target (links always count as shared targets)");
    } finally {
      await viewer.close();
      fixture.cleanup();
      fs.rmSync(bundle.root, { recursive: true, force: true });
    }
  });

  it("prints small figures without rounding them to 0, and parameters in words", () => {
    expect(formatFigure(0.000491)).toBe("0.00049");
    expect(formatFigure(0.17)).toBe("0.17");
    expect(formatFigure(16173)).toBe("16,173");
    expect(formatFigure(0.00000123)).toBe("1.2e-6");
    expect(describeParameters({ timeWindowSeconds: 60, edgeWeightQuantile: 0.5, fastWindowSeconds: null, correction: "bh" }).map((p) => `${p.label}: ${p.value}`)).toEqual([
      "time window: 60 s",
      "strong-tie threshold (quantile of tie weights): 0.5",
      "fast window: off",
      "multiple-testing correction: Benjamini-Hochberg",
    ]);
    expect(describeSummary({ modularity: 0.000491 })).toEqual([{ key: "modularity", label: "modularity", value: "0.00049" }]);
  });

  it("shows a tweet's &amp;, &lt; and &gt; as the characters Twitter clients show", () => {
    expect(tweetText({ id: "1", text: "Fast &amp; Furious &gt; all", isRetweet: false })).toBe("Fast & Furious > all");
    expect(tweetText({ id: "2", text: "&amp;lt;b&amp;gt;", isRetweet: false })).toBe("&lt;b&gt;");
  });

  it("marks a retweet once: RT @name: is not doubled", () => {
    expect(tweetText({ id: "1", text: "RT @ten_gop: hello", isRetweet: true })).toBe("RT @ten_gop: hello");
    expect(tweetText({ id: "1", text: "hello", isRetweet: true })).toBe("RT hello");
    expect(tweetText({ id: "1", text: "hello", isRetweet: false })).toBe("hello");
  });
});

describe("stored runs that are damaged or not found", () => {
  let fixture: ViewerFixture;
  beforeAll(() => {
    fixture = writeViewerFixture();
  });
  afterAll(() => fixture?.cleanup());

  function copyRun(): string {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-damaged-run-"));
    fs.cpSync(fixture.runDirectory, copy, { recursive: true });
    return copy;
  }

  it("calls a truncated run.json RUN_DAMAGED, naming the file and line", () => {
    const dir = copyRun();
    const file = path.join(dir, "run.json");
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    try {
      readRunDirectory(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: "RUN_DAMAGED", location: { file, line: expect.any(Number) } });
      expect((error as CoordgraphError).toOneLine()).toMatch(/^error\[RUN_DAMAGED\] .*run\.json:\d+: damaged run file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("calls a short row in edges.csv RUN_DAMAGED, naming the file and its line", () => {
    const dir = copyRun();
    const file = path.join(dir, "edges.csv");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[4] = lines[4]!.split(",").slice(0, 2).join(",");
    fs.writeFileSync(file, lines.join("\n"));
    try {
      expect(() => readRunDirectory(dir)).toThrow(expect.objectContaining({ code: "RUN_DAMAGED", location: expect.objectContaining({ file, line: 5 }) }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lists the nearest existing runs when a run is not found", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-runs-"));
    for (const name of ["co-retweet-20240101-000000", "co-retweet-20240102-000000", "sync-20240101-000000"]) fs.cpSync(fixture.runDirectory, path.join(parent, name), { recursive: true });
    try {
      await expect(resolveRunDirectory(undefined, path.join(parent, "co-retweet-20240101-00000"))).rejects.toMatchObject({
        code: "RUN_NOT_FOUND",
        hint: expect.stringContaining(`nearest runs: ${path.join(parent, "co-retweet-20240101-000000")}`),
      });
      expect(nearestRuns("co-retwet-2024", ["sync-20240101-000000", "co-retweet-20240102-000000"])[0]).toBe("co-retweet-20240102-000000");
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });
});
