import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { parse as parseCsv } from "csv-parse/sync";
import { MultiUndirectedGraph } from "graphology";
import gexf from "graphology-gexf";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerExportCommand } from "../src/cli/commands/export.ts";
import { registerReportCommand } from "../src/cli/commands/report.ts";
import type { RunResult } from "../src/run/model.ts";
import type { Database } from "../src/db/driver.ts";
import { csvChunks, hexToRgb, runNetwork, toGexf, toGraphml, type AccountProfileAttributes, type ExportGraph } from "../src/report/export.ts";

/** Both CSV tables as strings, from the chunks the CLI streams to disk. */
const toCsvTables = (graph: ExportGraph) => ({ "nodes.csv": [...csvChunks(graph, "nodes")].join(""), "edges.csv": [...csvChunks(graph, "edges")].join("") });
import { drawNetwork } from "../src/viewer/drawing.ts";
import { communityColour } from "../src/viewer/scale.ts";
import { haveNetworkx, readWithNetworkx } from "./viewer-networkx.ts";
import { gatherRunNetwork } from "../src/report/gather.ts";
import { loadFixtureGraph, removeTemporaryDirs, RUN_ID, temporaryDir, writeFixtureRun } from "./fixtures/report/fixture.ts";

afterAll(removeTemporaryDirs);
import { emptyDatabase, testDatabase } from "./helpers/db.ts";

/** Markup, quotes, both line breaks, a tab and a formula: everything a name from an archive may hold. */
const HOSTILE = `<b>"Q" & 'A'</b>\r\n\tline=2`;
const HEX_ID = "4f1b2a9c0d3e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a";
const hostileAttributes = { avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" };
const RUN = { runId: "co-url-20240101-000000", analysis: "co-url", createdAt: "2024-01-01T00:00:00.000Z" };

const result: RunResult = {
  directed: false,
  nodes: [
    { id: "877919995476496385", community: 0, scores: { degree: 2, weightedDegree: 3.5, pagerank: 0.4 } },
    { id: HEX_ID, community: 0, scores: { degree: 1, weightedDegree: 2, pagerank: 0.35 } },
    { id: "+k3Yx/9aQ2bZ0c1=", community: 1, scores: { degree: 1, weightedDegree: 1.5, pagerank: 0.25 } },
    { id: "isolated", community: null, scores: { degree: 0, weightedDegree: 0, pagerank: 0 } },
  ],
  edges: [
    // A string attribute with markup (no analysis writes one today; exports must still escape it).
    { source: "877919995476496385", target: HEX_ID, weight: 2, attributes: hostileAttributes },
    { source: "877919995476496385", target: "+k3Yx/9aQ2bZ0c1=", weight: 1.5, attributes: { avgTimeDelta: 60, nContentId: 1 } },
  ],
  communities: [],
  summary: {},
};

const profiles = new Map<string, AccountProfileAttributes>([
  ["877919995476496385", { screenName: "alice", displayName: HOSTILE, followers: 3_000_000_000, hashed: false, accountCategory: "RightTroll", datasets: "a;b", posts: 7 }],
  [HEX_ID, { displayName: "=HYPERLINK(\"http://x\")", hashed: true, createdAt: "2014-05-02", description: "bad\u0001char" }],
]);

const graph = runNetwork(result, RUN, profiles);

describe("runNetwork", () => {
  it("keeps every account and tie of the run, with the run's attributes over the profile's", () => {
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(2);
    expect(graph.getNodeAttributes("877919995476496385")).toEqual({
      label: "alice",
      community: 0,
      degree: 2,
      pagerank: 0.4,
      weightedDegree: 3.5,
      screenName: "alice",
      displayName: HOSTILE,
      followers: 3_000_000_000,
      hashed: false,
      accountCategory: "RightTroll",
      datasets: "a;b",
      posts: 7,
    });
    expect(graph.getNodeAttribute("isolated", "label")).toBe("isolated");
    expect(graph.getEdgeAttributes("0")).toEqual({ weight: 2, avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" });
  });
});

describe("GEXF export", () => {
  const text = toGexf(graph);
  const parsed = gexf.parse(MultiUndirectedGraph, text);

  it("parses back with graphology-gexf to the same nodes and edges", () => {
    expect(parsed.order).toBe(graph.order);
    expect(parsed.size).toBe(graph.size);
    expect(parsed.nodes()).toEqual(graph.nodes());
  });

  it("keeps typed node attributes, escaped text and the label", () => {
    expect(parsed.getNodeAttributes("877919995476496385")).toEqual(graph.getNodeAttributes("877919995476496385"));
    expect(parsed.getNodeAttribute(HEX_ID, "hashed")).toBe(true);
    expect(parsed.getNodeAttribute("isolated", "community")).toBeUndefined();
  });

  it("drops the characters XML cannot hold", () => {
    expect(text).not.toMatch(/\u0001/);
    expect(parsed.getNodeAttribute(HEX_ID, "description")).toBe("badchar");
  });

  it("keeps edge weights and attributes", () => {
    const [edge] = parsed.edges("877919995476496385", HEX_ID);
    expect(parsed.getEdgeAttributes(edge)).toEqual({ weight: 2, avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" });
  });

  it("names the run in <meta>", () => {
    expect(text).toContain("<description>co-url run co-url-20240101-000000</description>");
    expect(text).toContain('lastmodifieddate="2024-01-01"');
  });
});

describe("GraphML export", () => {
  const text = toGraphml(graph);
  const root = parseXml(text);
  const graphElement = root.children.find((c) => c.name === "graph")!;
  const keys = new Map(root.children.filter((c) => c.name === "key").map((k) => [k.attributes.id, k.attributes]));
  /** The data of an element as { attribute name: text }. */
  const data = (element: XmlElement) =>
    Object.fromEntries(element.children.filter((c) => c.name === "data").map((d) => [keys.get(d.attributes.key)!["attr.name"], d.text]));

  it("is well-formed XML with one element per node and edge", () => {
    expect(root.name).toBe("graphml");
    expect(graphElement.attributes.edgedefault).toBe("undirected");
    expect(graphElement.children.filter((c) => c.name === "node").map((n) => n.attributes.id)).toEqual(graph.nodes());
    expect(graphElement.children.filter((c) => c.name === "edge")).toHaveLength(2);
  });

  it("declares every attribute once with a type inferred from all its values", () => {
    const declared = Object.fromEntries([...keys.values()].filter((k) => k.for === "node").map((k) => [k["attr.name"], k["attr.type"]]));
    expect(declared).toEqual({
      label: "string",
      community: "int",
      degree: "int",
      pagerank: "double",
      weightedDegree: "double",
      screenName: "string",
      displayName: "string",
      followers: "long",
      hashed: "boolean",
      accountCategory: "string",
      datasets: "string",
      posts: "int",
      createdAt: "string",
      description: "string",
    });
    expect([...keys.values()].filter((k) => k.for === "edge").map((k) => [k["attr.name"], k["attr.type"]])).toEqual([
      ["weight", "double"],
      ["avgTimeDelta", "double"],
      ["nContentId", "int"],
      ["note", "string"],
    ]);
  });

  it("round-trips markup, quotes, line breaks and tabs in values", () => {
    const alice = graphElement.children.find((c) => c.attributes.id === "877919995476496385")!;
    expect(data(alice)).toMatchObject({ displayName: HOSTILE, followers: "3000000000", hashed: "false", community: "0" });
    const edge = graphElement.children.find((c) => c.name === "edge")!;
    expect(edge.attributes).toMatchObject({ source: "877919995476496385", target: HEX_ID });
    expect(data(edge)).toEqual({ weight: "2", avgTimeDelta: "4.5", nContentId: "2", note: "a&b <c>" });
  });

  it("escapes ids and attribute names in attribute values", () => {
    const hostile = runNetwork({ directed: true, nodes: [{ id: `a"<&>'\tb`, community: 0, scores: { [`x"<&`]: 1 } }], edges: [] }, RUN);
    const parsed = parseXml(toGraphml(hostile));
    expect(parsed.children.find((c) => c.name === "graph")!.children.find((c) => c.name === "node")!.attributes.id).toBe(`a"<&>'\tb`);
    expect(parsed.children.some((c) => c.name === "key" && c.attributes["attr.name"] === `x"<&`)).toBe(true);
    expect(parsed.children.find((c) => c.name === "graph")!.attributes.edgedefault).toBe("directed");
  });
});

describe("CSV export", () => {
  const tables = toCsvTables(graph);
  const nodes = parseCsv(tables["nodes.csv"], { columns: true }) as Array<Record<string, string>>;
  const edges = parseCsv(tables["edges.csv"], { columns: true }) as Array<Record<string, string>>;

  it("writes a node table with id, label, community, scores and profile columns", () => {
    expect(Object.keys(nodes[0])).toEqual([
      "id",
      "label",
      "community",
      "degree",
      "pagerank",
      "weightedDegree",
      "screenName",
      "displayName",
      "followers",
      "hashed",
      "accountCategory",
      "datasets",
      "posts",
      "description",
      "createdAt",
    ]);
    expect(nodes.map((n) => n.id)).toEqual(["877919995476496385", HEX_ID, "+k3Yx/9aQ2bZ0c1=", "isolated"]);
    expect(nodes[0]).toMatchObject({ community: "0", pagerank: "0.4", followers: "3000000000", displayName: HOSTILE });
    expect(nodes[3]).toMatchObject({ community: "", screenName: "" });
  });

  it("guards free text against spreadsheet formulas but never alters ids", () => {
    expect(nodes[1].displayName).toBe(`'=HYPERLINK("http://x")`);
    expect(nodes[2].id).toBe("+k3Yx/9aQ2bZ0c1=");
  });

  it("writes an edge table with source, target, weight and edge attributes", () => {
    expect(edges).toEqual([
      { source: "877919995476496385", target: HEX_ID, weight: "2", avgTimeDelta: "4.5", nContentId: "2", note: "a&b <c>" },
      { source: "877919995476496385", target: "+k3Yx/9aQ2bZ0c1=", weight: "1.5", avgTimeDelta: "60", nContentId: "1", note: "" },
    ]);
  });
});

describe("exporting a stored run", () => {
  let db: Database;
  let runDir: string;

  beforeAll(async () => {
    db = await testDatabase();
    await emptyDatabase(db);
    await loadFixtureGraph(db);
    runDir = await writeFixtureRun(db);
  });

  async function exportCommand(...args: string[]): Promise<string> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerExportCommand(program);
    registerReportCommand(program);
    const printed: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(args[0] === "report" ? args : ["export", ...args], { from: "user" });
    } finally {
      stdout.mockRestore();
    }
    return printed.join("");
  }

  it("joins each account's profile and post count from the graph to the run's scores", async () => {
    const network = await gatherRunNetwork(db, runDir);
    expect(network.order).toBe(6);
    expect(network.size).toBe(5);
    expect(network.getNodeAttributes("1001")).toEqual({
      label: "alice",
      community: 0,
      degree: 2,
      pagerank: 0.2,
      weightedDegree: 5,
      screenName: "alice",
      displayName: "Alice <A&B>",
      followers: 50,
      createdAt: "2014-01-01",
      language: "en",
      accountCategory: "RightTroll",
      accountType: "Right",
      stub: false,
      datasets: "ira_fixture",
      posts: 3,
    });
    expect(network.getEdgeAttributes("1")).toEqual({ weight: 3, avgTimeDelta: 6.333, nContentId: 3 });
  });

  it("writes network.gexf into the run directory by default", async () => {
    const printed = JSON.parse(await exportCommand(RUN_ID, "--format", "gexf", "--json"));
    const file = path.join(runDir, "network.gexf");
    expect(printed).toMatchObject({ format: "gexf", run: RUN_ID, files: [file], nodes: 6, edges: 5 });
    expect(gexf.parse(MultiUndirectedGraph, fs.readFileSync(file, "utf8")).getNodeAttribute("1001", "displayName")).toBe("Alice <A&B>");
  });

  it.skipIf(!haveNetworkx)("draws the CLI's GEXF and GraphML as the viewer does: NetworkX reads positions, sizes and community colours", async () => {
    const gexfFile = path.join(temporaryDir(), "drawn.gexf");
    await exportCommand(runDir, "--format", "gexf", "--out", gexfFile, "--quiet");
    const gexfRead = readWithNetworkx("gexf", gexfFile);
    expect(Object.keys(gexfRead.nodes)).toHaveLength(6);
    const alice = gexfRead.nodes["1001"]!;
    expect(alice).toMatchObject({ label: "alice", community: 0, screenName: "alice", displayName: "Alice <A&B>", posts: 3 });
    expect(alice.viz).toMatchObject({ color: hexToRgb(communityColour(0)), position: { x: expect.any(Number), y: expect.any(Number) }, size: expect.any(Number) });
    expect(gexfRead.edges).toHaveLength(5);
    expect(gexfRead.edges.every(([, , d]) => typeof d.weight === "number" && typeof d.avgTimeDelta === "number")).toBe(true);

    const graphmlFile = path.join(temporaryDir(), "drawn.graphml");
    await exportCommand(runDir, "--format", "graphml", "--out", graphmlFile, "--quiet");
    const graphmlRead = readWithNetworkx("graphml", graphmlFile);
    expect(graphmlRead.nodes["1001"]).toMatchObject({ label: "alice", community: 0, ...hexToRgb(communityColour(0)), x: expect.any(Number), y: expect.any(Number) });
  });

  it("says when a report's --out made its directory", async () => {
    const out = path.join(temporaryDir(), "not", "there", "r.md");
    expect((await exportCommand("report", runDir, "--format", "md", "--out", out, "--quiet")).trim()).toBe(`wrote ${out} (created the directory ${path.dirname(path.dirname(out))})`);
    expect(fs.existsSync(out)).toBe(true);
  });

  it("says when writing created the output directory", async () => {
    const out = path.join(temporaryDir(), "new", "deeper", "n.gexf");
    expect((await exportCommand(runDir, "--format", "gexf", "--out", out, "--quiet")).trim()).toBe(
      `wrote 6 accounts and 5 ties to ${out} (created the directory ${path.dirname(path.dirname(out))})`,
    );
  });

  it("writes GraphML to --out", async () => {
    const out = path.join(temporaryDir(), "n.graphml");
    expect((await exportCommand(runDir, "--format", "graphml", "--out", out, "--quiet")).trim()).toBe(`wrote 6 accounts and 5 ties to ${out}`);
    const root = parseXml(fs.readFileSync(out, "utf8"));
    expect(root.children.find((c) => c.name === "graph")!.children.filter((c) => c.name === "node")).toHaveLength(6);
  });

  it("writes nodes.csv and edges.csv into a directory", async () => {
    await exportCommand(runDir, "--format", "csv", "--quiet");
    const dir = path.join(runDir, "network-csv");
    expect(fs.readdirSync(dir).sort()).toEqual(["edges.csv", "nodes.csv"]);
    expect(parseCsv(fs.readFileSync(path.join(dir, "edges.csv")), { columns: true })).toHaveLength(5);
  });

  it("requires --format", async () => {
    await expect(exportCommand(runDir)).rejects.toMatchObject({ code: "commander.missingMandatoryOptionValue" });
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict parser for the XML subset the exporter writes (declaration, elements, double-quoted
 * attributes, text, the five entities and numeric references). Throws on anything not well-formed:
 * an unescaped `<` or `&`, a duplicate attribute, an unbalanced tag, a character XML forbids.
 */
function parseXml(text: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(text)) throw new Error("forbidden character");
  const body = text.replace(/^<\?xml [^?]*\?>\s*/, "");
  const stack: XmlElement[] = [{ name: "#document", attributes: {}, children: [], text: "" }];
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+/g)) {
    const top = stack[stack.length - 1];
    if (!token.startsWith("<")) {
      top.text += decode(token);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.:-]*)\s*>$/.exec(token);
    if (close) {
      if (close[1] !== top.name) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>$/.exec(token);
    if (!open) throw new Error(`malformed tag ${token}`);
    const element: XmlElement = { name: open[1], attributes: {}, children: [], text: "" };
    for (const [, name, value] of open[2].matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
      if (name in element.attributes) throw new Error(`duplicate attribute ${name}`);
      element.attributes[name] = decode(value);
    }
    top.children.push(element);
    if (!open[3]) stack.push(element);
  }
  if (stack.length !== 1 || stack[0].children.length !== 1 || stack[0].text.trim() !== "") throw new Error("not one root element");
  return stack[0].children[0];
}

function decode(text: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(text)) throw new Error(`bare & in ${text}`);
  // A raw CR is normalised away by XML parsers; only &#13; keeps one.
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g, (_, e: string) =>
      e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e],
    );
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

describe.skipIf(!haveNetworkx)("exports opened by NetworkX", () => {
  // The run's network with the viewer's drawing: positions, sizes and community colours.
  const drawn = runNetwork(result, RUN, profiles);
  drawNetwork(drawn);
  const dir = temporaryDir();

  it("reads the GEXF with every node and tie attribute, the profile and the colours as r/g/b", () => {
    const file = path.join(dir, "network.gexf");
    fs.writeFileSync(file, toGexf(drawn));
    const read = readWithNetworkx("gexf", file);
    expect(Object.keys(read.nodes).sort()).toEqual(drawn.nodes().sort());
    const alice = read.nodes["877919995476496385"]!;
    expect(alice).toMatchObject({ label: "alice", community: 0, degree: 2, pagerank: 0.4, weightedDegree: 3.5, screenName: "alice", displayName: HOSTILE, followers: 3_000_000_000, hashed: false, accountCategory: "RightTroll", datasets: "a;b", posts: 7 });
    const { x, y, size, color } = drawn.getNodeAttributes("877919995476496385");
    expect(alice.viz).toMatchObject({ position: { x, y }, size, color: hexToRgb(color!) });
    expect(read.nodes[HEX_ID]).toMatchObject({ description: "badchar", hashed: true, createdAt: "2014-05-02" });
    const tie = read.edges.find(([u, v]) => [u, v].sort().join() === ["877919995476496385", HEX_ID].sort().join())!;
    expect(tie[2]).toMatchObject({ weight: 2, avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" });
  });

  it("reads the GraphML with every attribute, the position and the colour as r, g, b", () => {
    const file = path.join(dir, "network.graphml");
    fs.writeFileSync(file, toGraphml(drawn));
    const read = readWithNetworkx("graphml", file);
    expect(Object.keys(read.nodes).sort()).toEqual(drawn.nodes().sort());
    const { x, y, color } = drawn.getNodeAttributes("877919995476496385");
    expect(read.nodes["877919995476496385"]).toMatchObject({ label: "alice", community: 0, displayName: HOSTILE, followers: 3_000_000_000, x, y, ...hexToRgb(color!) });
    expect(read.edges.map(([, , d]) => d.weight).sort()).toEqual([1.5, 2]);
    expect(read.edges.find(([, , d]) => d.weight === 2)![2]).toMatchObject({ avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" });
  });
});
