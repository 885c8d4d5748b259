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
import { edgesById, expectedNetworkxRead, NETWORKX, networkxReaders, readWithNetworkx } from "./viewer-networkx.ts";
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

  it("is GEXF 1.2draft, the newest namespace NetworkX 2.8 (Debian 12) reads", () => {
    const root = parseXml(text);
    expect(root.attributes).toMatchObject({ xmlns: "http://www.gexf.net/1.2draft", "xmlns:viz": "http://www.gexf.net/1.2draft/viz", version: "1.2" });
  });

  it("follows the structure of the GEXF 1.2draft schema in the order Gephi's streaming importer reads it", () => {
    const drawn = runNetwork(result, RUN, profiles);
    drawNetwork(drawn);
    expect(gexfSchemaProblems(parseXml(toGexf(drawn)))).toEqual([]);
    expect(gexfSchemaProblems(parseXml(toGexf(runNetwork({ ...result, directed: true }, RUN, profiles))))).toEqual([]);
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

  it("declares the drawing as doubles (x, y, size) and ints (r, g, b) even when every coordinate is whole", () => {
    const whole = runNetwork({ directed: false, nodes: [{ id: "a", community: 0, scores: {} }, { id: "b", community: 1, scores: {} }], edges: [] }, RUN);
    whole.mergeNodeAttributes("a", { x: 10, y: -20, size: 4, color: "#4e79a7" });
    whole.mergeNodeAttributes("b", { x: -10, y: 20, size: 6, color: "#f28e2b" });
    const declared = parseXml(toGraphml(whole)).children.filter((c) => c.name === "key" && c.attributes.for === "node");
    expect(Object.fromEntries(declared.map((k) => [k.attributes["attr.name"], k.attributes["attr.type"]]))).toMatchObject({ x: "double", y: "double", size: "double", r: "int", g: "int", b: "int" });
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
    expect(gexfSchemaProblems(parseXml(fs.readFileSync(file, "utf8")))).toEqual([]);
  });

  describe.skipIf(networkxReaders.length === 0)("the CLI's GEXF and GraphML, drawn as the viewer draws them, opened by NetworkX", () => {
    const files = { gexf: "", graphml: "" };
    // What the CLI exports: the stored run's network with the viewer's layout (seeded, so the same each time).
    let expected: ExportGraph;

    beforeAll(async () => {
      for (const kind of ["gexf", "graphml"] as const) {
        files[kind] = path.join(temporaryDir(), `drawn.${kind}`);
        await exportCommand(runDir, "--format", kind, "--out", files[kind], "--quiet");
      }
      expected = await gatherRunNetwork(db, runDir);
      drawNetwork(expected);
    });

    it.each(networkxReaders)("%s reads every account of the GEXF with its community colour, position, size and every attribute", (_name, reader) => {
      const read = readWithNetworkx(reader, "gexf", files.gexf);
      const want = expectedNetworkxRead(expected, "gexf");
      expect(read.nodes).toEqual(want.nodes);
      expect(read.nodes["1001"]!.viz).toMatchObject({ color: hexToRgb(communityColour(0)) });
      expect(read.nodeTypes).toMatchObject({ community: ["int"], pagerank: ["float"], followers: ["int"], stub: ["bool"], screenName: ["str"], viz: ["dict"] });
      expect(edgesById(read)).toEqual(want.edges);
      expect(read.edgeTypes).toMatchObject({ weight: ["float"], avgTimeDelta: ["float"], nContentId: ["int"] });
    });

    it.each(networkxReaders)("%s reads every account of the GraphML with x, y, size, r, g, b and every attribute", (_name, reader) => {
      const read = readWithNetworkx(reader, "graphml", files.graphml);
      const want = expectedNetworkxRead(expected, "graphml");
      expect(read.nodes).toEqual(want.nodes);
      expect(read.nodeTypes).toMatchObject({ x: ["float"], y: ["float"], size: ["float"], r: ["int"], g: ["int"], b: ["int"], community: ["int"], stub: ["bool"] });
      expect(edgesById(read)).toEqual(want.edges);
    });
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

/** GEXF 1.2draft's attribute types (attrtype-type in its data.xsd). */
const GEXF_12_TYPES = new Set(["integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"]);

/**
 * Where a GEXF document departs from the GEXF 1.2draft schema (gexf.xsd, data.xsd, viz.xsd) or from the
 * order Gephi's importer needs, as readable problems (none for a good file). Written from the schema's
 * structure; no XSD validator or Gephi runs here. Checks: `<gexf version="1.2">` in the 1.2draft
 * namespaces holding `<meta>` (creator, keywords, description; an xs:date) then `<graph>`; in the graph,
 * every `<attributes>` before `<nodes>`, then `<edges>` (Gephi streams the file and must know a column
 * before an `attvalue` names it); attributes of class node or edge with unique ids and 1.2draft types;
 * nodes with an id and a label holding `<attvalues>` and then at most one each of `viz:size`,
 * `viz:position` (x, y, z floats) and `viz:color` (r, g, b in 0..255); every `attvalue` naming a declared
 * attribute with a value of its type; edges with unique ids between known nodes, a float weight and
 * only `<attvalues>` inside.
 */
function gexfSchemaProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const isFloat = (value: string | undefined) => value !== undefined && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value);
  check(root.name === "gexf", `root is <${root.name}>`);
  check(root.attributes.xmlns === "http://www.gexf.net/1.2draft" && root.attributes["xmlns:viz"] === "http://www.gexf.net/1.2draft/viz", "not in the 1.2draft namespaces");
  check(root.attributes.version === "1.2", `version ${root.attributes.version}`);
  check(root.children.map((c) => c.name).join() === "meta,graph", `<gexf> holds ${root.children.map((c) => c.name).join()}`);
  const meta = root.children.find((c) => c.name === "meta");
  if (meta) {
    check(meta.children.every((c) => ["creator", "keywords", "description"].includes(c.name)), "unknown element in <meta>");
    check(meta.attributes.lastmodifieddate === undefined || /^\d{4}-\d{2}-\d{2}$/.test(meta.attributes.lastmodifieddate), "lastmodifieddate is not an xs:date");
  }
  const graph = root.children.find((c) => c.name === "graph");
  if (!graph) return [...problems, "no <graph>"];
  check(["directed", "undirected", "mutual"].includes(graph.attributes.defaultedgetype ?? "undirected"), "bad defaultedgetype");
  check(["static", "dynamic"].includes(graph.attributes.mode ?? "static"), "bad mode");
  check(/^(attributes,)*nodes,edges$/.test(graph.children.map((c) => c.name).join()), `<graph> holds ${graph.children.map((c) => c.name).join()}`);

  const declared: Record<string, Map<string, string>> = { node: new Map(), edge: new Map() };
  for (const attributes of graph.children.filter((c) => c.name === "attributes")) {
    const kind = attributes.attributes.class ?? "";
    check(kind === "node" || kind === "edge", `attributes of class ${kind}`);
    for (const attribute of attributes.children) {
      const { id, title, type } = attribute.attributes;
      check(attribute.name === "attribute" && id !== undefined && title !== undefined, `bad <${attribute.name}> in <attributes>`);
      check(GEXF_12_TYPES.has(type ?? ""), `attribute ${title} has type ${type}, not a 1.2draft type`);
      check(!declared[kind]?.has(id!), `attribute id ${id} declared twice for ${kind}s`);
      declared[kind]?.set(id!, type!);
    }
  }
  const attvalueProblems = (element: XmlElement, kind: "node" | "edge", owner: string) => {
    for (const attvalue of element.children) {
      const type = declared[kind]!.get(attvalue.attributes.for ?? "");
      const value = attvalue.attributes.value;
      check(attvalue.name === "attvalue" && type !== undefined && value !== undefined, `${owner}: attvalue for undeclared ${attvalue.attributes.for}`);
      if (type === "integer" || type === "long") check(/^-?\d+$/.test(value ?? ""), `${owner}: ${value} is not an ${type}`);
      if (type === "double" || type === "float") check(isFloat(value), `${owner}: ${value} is not a ${type}`);
      if (type === "boolean") check(value === "true" || value === "false", `${owner}: ${value} is not a boolean`);
    }
  };

  const nodeIds = new Set<string>();
  const nodes = graph.children.find((c) => c.name === "nodes")?.children ?? [];
  for (const node of nodes) {
    const { id, label } = node.attributes;
    check(node.name === "node" && id !== undefined && label !== undefined, `<${node.name}> without id or label in <nodes>`);
    check(!nodeIds.has(id!), `node ${id} twice`);
    nodeIds.add(id!);
    check(/^(attvalues,)?(viz:size,)?(viz:position,)?(viz:color,)?$/.test(node.children.map((c) => `${c.name},`).join("")), `node ${id} holds ${node.children.map((c) => c.name).join()}`);
    for (const child of node.children) {
      if (child.name === "attvalues") attvalueProblems(child, "node", `node ${id}`);
      if (child.name === "viz:size") check(isFloat(child.attributes.value) && Number(child.attributes.value) >= 0, `node ${id}: bad viz:size`);
      if (child.name === "viz:position") check(["x", "y", "z"].every((axis) => isFloat(child.attributes[axis])), `node ${id}: bad viz:position`);
      if (child.name === "viz:color") check(["r", "g", "b"].every((c) => /^\d+$/.test(child.attributes[c] ?? "") && Number(child.attributes[c]) <= 255), `node ${id}: bad viz:color`);
    }
  }
  const edgeIds = new Set<string>();
  for (const edge of graph.children.find((c) => c.name === "edges")?.children ?? []) {
    const { id, source, target, weight } = edge.attributes;
    check(edge.name === "edge" && id !== undefined && !edgeIds.has(id), `edge ${id}: missing or repeated id`);
    edgeIds.add(id!);
    check(nodeIds.has(source ?? "") && nodeIds.has(target ?? ""), `edge ${id}: unknown end`);
    check(weight === undefined || isFloat(weight), `edge ${id}: weight ${weight} is not a float`);
    check(edge.children.every((c) => c.name === "attvalues"), `edge ${id} holds ${edge.children.map((c) => c.name).join()}`);
    for (const child of edge.children) attvalueProblems(child, "edge", `edge ${id}`);
  }
  return problems;
}

describe("exports opened by NetworkX", () => {
  // Debian 12's python3-networkx (2.8) is the one .ci/run installs: CI must read the exports with it, never skip.
  it.runIf(process.env.CI === "true" || NETWORKX.missing.length > 0)("has every NetworkX it must read the exports with (Debian's python3-networkx in CI)", () => {
    expect(NETWORKX.missing).toEqual([]);
    expect(NETWORKX.readers.length).toBeGreaterThan(0);
  });

  describe.skipIf(networkxReaders.length === 0)("under each NetworkX found", () => {
    // The run's network with the viewer's drawing: positions, sizes and community colours.
    const drawn = runNetwork(result, RUN, profiles);
    drawNetwork(drawn);
    const dir = temporaryDir();
    const gexfFile = path.join(dir, "network.gexf");
    const graphmlFile = path.join(dir, "network.graphml");
    fs.writeFileSync(gexfFile, toGexf(drawn));
    fs.writeFileSync(graphmlFile, toGraphml(drawn));

    it.each(networkxReaders)("%s reads the GEXF with every node and tie attribute, the profile and the colours as r/g/b", (_name, reader) => {
      const read = readWithNetworkx(reader, "gexf", gexfFile);
      const want = expectedNetworkxRead(drawn, "gexf");
      expect(read.nodes).toEqual(want.nodes);
      expect(edgesById(read)).toEqual(want.edges);
      const alice = read.nodes["877919995476496385"]!;
      expect(alice).toMatchObject({ label: "alice", community: 0, degree: 2, pagerank: 0.4, weightedDegree: 3.5, screenName: "alice", displayName: HOSTILE, followers: 3_000_000_000, hashed: false, accountCategory: "RightTroll", datasets: "a;b", posts: 7 });
      const { x, y, size, color } = drawn.getNodeAttributes("877919995476496385");
      expect(alice.viz).toMatchObject({ position: { x, y }, size, color: hexToRgb(color!) });
      expect(read.nodes[HEX_ID]).toMatchObject({ description: "badchar", hashed: true, createdAt: "2014-05-02" });
      expect(read.nodeTypes).toMatchObject({ community: ["int"], degree: ["int"], pagerank: ["float"], weightedDegree: ["float"], followers: ["int"], hashed: ["bool"], label: ["str"] });
      const tie = read.edges.find(([u, v]) => [u, v].sort().join() === ["877919995476496385", HEX_ID].sort().join())!;
      expect(tie[2]).toMatchObject({ weight: 2, avgTimeDelta: 4.5, nContentId: 2, note: "a&b <c>" });
      expect(read.edgeTypes).toMatchObject({ weight: ["float"], avgTimeDelta: ["float"], nContentId: ["int"], note: ["str"] });
    });

    it.each(networkxReaders)("%s reads the GraphML with every attribute, the position and the colour as r, g, b", (_name, reader) => {
      const read = readWithNetworkx(reader, "graphml", graphmlFile);
      const want = expectedNetworkxRead(drawn, "graphml");
      expect(read.nodes).toEqual(want.nodes);
      expect(edgesById(read)).toEqual(want.edges);
      const { x, y, color } = drawn.getNodeAttributes("877919995476496385");
      expect(read.nodes["877919995476496385"]).toMatchObject({ label: "alice", community: 0, displayName: HOSTILE, followers: 3_000_000_000, x, y, ...hexToRgb(color!) });
      expect(read.nodeTypes).toMatchObject({ x: ["float"], y: ["float"], size: ["float"], r: ["int"], g: ["int"], b: ["int"] });
    });
  });
});
