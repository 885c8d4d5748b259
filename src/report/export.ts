/**
 * A run's network for other tools: GEXF 1.2 (Gephi, NetworkX 2 and 3), GraphML (Cytoscape, yEd, igraph, NetworkX)
 * and CSV node and edge tables, all written here. Pure and free of Node code (the viewer's page bundles
 * it for its own exports): a graphology graph in, text out; `gatherRunNetwork` (gather.ts) builds the
 * graph from a run directory and the account profiles in Neo4j, `drawNetwork` (src/viewer/drawing.ts)
 * adds the viewer's layout and community colours.
 *
 * Every node carries the run's community and scores and the account's profile, and where drawn its
 * position, size and colour (GEXF: `viz:position`, `viz:size`, `viz:color r g b`, which NetworkX's
 * `read_gexf` requires; GraphML: `x`, `y`, `size` as doubles and `r`, `g`, `b` as ints, as Gephi's
 * importer reads them; CSV: `x`, `y`, `size`, `color`); every edge its weight and the run's edge attributes. Text from the archive is untrusted: XML output escapes every value and
 * drops the characters XML 1.0 cannot hold (control characters, lone surrogates), and CSV cells of free
 * text that start with `=`, `+`, `-`, `@`, tab or CR get a leading `'` (OWASP), ids never altered.
 */
import { MultiDirectedGraph, MultiUndirectedGraph } from "graphology";
import type { AbstractGraph } from "graphology-types";
import { edgeAttributeEntries, type RunResult } from "../run/model.ts";
import type { AccountAttributes, CoordinationEdgeAttributes } from "../core/partition.ts";

/** A value an exported attribute can hold. */
export type AttributeValue = string | number | boolean;

/** What the graph knows about an account, as exported (all optional: stubs and hashed accounts lack most). */
export type AccountProfileAttributes = {
  screenName?: string;
  displayName?: string;
  location?: string;
  description?: string;
  followers?: number;
  following?: number;
  /** YYYY-MM-DD */
  createdAt?: string;
  language?: string;
  /** The release replaced id and names by a hash. */
  hashed?: boolean;
  /** Ground-truth labels (FiveThirtyEight account_category / account_type). */
  accountCategory?: string;
  accountType?: string;
  /** Referenced only, not in the archive. */
  stub?: boolean;
  /** Datasets the account appears in, `;`-separated (GraphML and CSV have no list type). */
  datasets?: string;
  /** Archive posts of the account in the run's scope. */
  posts?: number;
};

/** Profile fields in the order they are exported. */
export const PROFILE_FIELDS: ReadonlyArray<keyof AccountProfileAttributes> = [
  "screenName",
  "displayName",
  "location",
  "description",
  "followers",
  "following",
  "createdAt",
  "language",
  "hashed",
  "accountCategory",
  "accountType",
  "stub",
  "datasets",
  "posts",
];

/** How an account is drawn (the viewer's layout and community colour), when known. */
export type DrawingAttributes = {
  x?: number;
  y?: number;
  /** Radius in pixels at the viewer's first frame. */
  size?: number;
  /** `#rrggbb` */
  color?: string;
};

/** Node attributes that are drawing, not data: GEXF writes them as `viz:` elements. */
const DRAWING_KEYS = new Set(["x", "y", "size", "color"]);

/** An exported account: community and scores of the run (any score the analysis gave), then profile, then drawing. */
export type ExportNodeAttributes = AccountAttributes & AccountProfileAttributes & DrawingAttributes & { label: string } & { [score: string]: AttributeValue | null | undefined };

/** An exported tie: its weight and the run's edge attributes (avgTimeDelta, nContentId, ...). */
export type ExportEdgeAttributes = CoordinationEdgeAttributes & { [attribute: string]: AttributeValue | undefined };

/** The run the network comes from. */
export type ExportGraphAttributes = { runId: string; analysis: string; createdAt: string };

export type ExportGraph = AbstractGraph<ExportNodeAttributes, ExportEdgeAttributes, ExportGraphAttributes>;

/**
 * Builds the network of a run: one node per account of the run (ids as released), in the run's
 * order, with the run's community and scores over the profile; edges in the run's order with keys
 * "0", "1", .... Non-finite numbers are left out (no format can carry them reliably).
 *
 * @example
 * const graph = runNetwork(result, { runId: record.id, analysis: record.analysis, createdAt: record.createdAt }, profiles);
 */
export function runNetwork(
  result: Pick<RunResult, "directed" | "nodes" | "edges">,
  run: ExportGraphAttributes,
  profiles: ReadonlyMap<string, AccountProfileAttributes> = new Map(),
): ExportGraph {
  // Multi: a run lists each tie once, but an edited run directory must not make the export throw.
  const graph: ExportGraph = result.directed
    ? new MultiDirectedGraph<ExportNodeAttributes, ExportEdgeAttributes, ExportGraphAttributes>()
    : new MultiUndirectedGraph<ExportNodeAttributes, ExportEdgeAttributes, ExportGraphAttributes>();
  graph.replaceAttributes({ ...run });
  const addNode = (id: string, community: number | null, scores: Record<string, number>) => {
    const profile = profiles.get(id) ?? {};
    const attributes: Record<string, AttributeValue | null> = { label: profile.screenName || profile.displayName || id, community };
    for (const key of Object.keys(scores).sort()) if (Number.isFinite(scores[key])) attributes[key] = scores[key];
    // The run's scores win over a profile field of the same name (an analysis may count posts its own way).
    for (const key of PROFILE_FIELDS) {
      const value = profile[key];
      if (value !== undefined && value !== null && !(key in attributes) && (typeof value !== "number" || Number.isFinite(value))) attributes[key] = value;
    }
    graph.addNode(id, attributes as ExportNodeAttributes);
  };
  for (const node of result.nodes) if (!graph.hasNode(node.id)) addNode(node.id, node.community, node.scores);
  result.edges.forEach((edge, i) => {
    for (const end of [edge.source, edge.target]) if (!graph.hasNode(end)) addNode(end, null, {});
    const attributes: ExportEdgeAttributes = { weight: edge.weight };
    for (const [key, value] of edgeAttributeEntries(edge.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (key !== "weight" && (typeof value !== "number" || Number.isFinite(value))) attributes[key] = value;
    }
    graph.addEdgeWithKey(String(i), edge.source, edge.target, attributes);
  });
  return graph;
}

/**
 * GEXF 1.2 for Gephi and NetworkX, as chunks of text: the run in `<meta>`, typed node and edge
 * attributes (`attvalues`), edge weights, and each drawn node's `viz:position`, `viz:size` and
 * `viz:color` as r/g/b (NetworkX's `read_gexf` fails on a hex colour).
 *
 * Why 1.2draft and not 1.3: NetworkX 2.x (`python3-networkx` 2.8 on Debian 12) finds the `<graph>`
 * element only under the 1.1draft and 1.2draft namespaces, so a 1.3 file fails there with "No <graph>
 * element in GEXF file"; NetworkX 3 reads 1.2draft (its default) as well as 1.3, and Gephi's importer
 * reads elements by local name whatever the version. Nothing written here needs 1.3: the attribute
 * types (integer, long, double, boolean, string) and `viz:color` as r/g/b are all 1.2draft. The
 * element order follows the 1.2draft schema and Gephi's streaming reader: `<meta>` then `<graph>`;
 * in the graph, every `<attributes>` before `<nodes>` (Gephi must know a column before a node's
 * `attvalue` names it), then `<edges>`; in a node, `<attvalues>` then the `viz:` elements.
 *
 * @example
 * for (const chunk of gexfChunks(graph)) stream.write(chunk);
 */
export function* gexfChunks(graph: ExportGraph): Generator<string> {
  const run = graph.getAttributes();
  const nodeKeys = inferKeys(graph, "node").filter((k) => k.name !== "label" && !DRAWING_KEYS.has(k.name));
  const edgeKeys = inferKeys(graph, "edge").filter((k) => k.name !== "weight");
  const declare = (kind: "node" | "edge", keys: Key[]) =>
    keys.length === 0
      ? ""
      : `    <attributes class="${kind}" mode="static">\n${keys.map((k, i) => `      <attribute id="${i}" title="${xmlAttribute(k.name)}" type="${GEXF_TYPES[k.type]}"/>\n`).join("")}    </attributes>\n`;
  yield (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<gexf xmlns="${GEXF_NAMESPACE}" xmlns:viz="${GEXF_NAMESPACE}/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
    `xsi:schemaLocation="${GEXF_NAMESPACE} ${GEXF_NAMESPACE}/gexf.xsd" version="1.2">\n` +
    `  <meta lastmodifieddate="${xmlAttribute(run.createdAt.slice(0, 10))}">\n    <creator>coordgraph</creator>\n    <description>${xmlText(`${run.analysis} run ${run.runId}`)}</description>\n  </meta>\n` +
    `  <graph defaultedgetype="${graph.type === "directed" ? "directed" : "undirected"}" mode="static">\n` +
    declare("node", nodeKeys) +
    declare("edge", edgeKeys) +
    "    <nodes>\n"
  );
  const attvalues = (attributes: Record<string, unknown>, keys: Key[]) => {
    let out = "";
    keys.forEach((k, i) => {
      const value = attributes[k.name];
      if (value !== null && value !== undefined) out += `<attvalue for="${i}" value="${xmlAttribute(String(value))}"/>`;
    });
    return out ? `<attvalues>${out}</attvalues>` : "";
  };
  let chunk = "";
  for (const { node, attributes } of graph.nodeEntries()) {
    chunk += `      <node id="${xmlAttribute(node)}" label="${xmlAttribute(String(attributes.label ?? node))}">${attvalues(attributes, nodeKeys)}${vizElements(attributes)}</node>\n`;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  chunk += "    </nodes>\n    <edges>\n";
  for (const { edge, attributes, source, target } of graph.edgeEntries()) {
    chunk += `      <edge id="${xmlAttribute(edge)}" source="${xmlAttribute(source)}" target="${xmlAttribute(target)}" weight="${attributes.weight}">${attvalues(attributes, edgeKeys)}</edge>\n`;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}    </edges>\n  </graph>\n</gexf>\n`;
}

/** The whole GEXF document as one string. Read back with graphology-gexf's `parse(Graph, text)` or `networkx.read_gexf`. */
export function toGexf(graph: ExportGraph): string {
  return [...gexfChunks(graph)].join("");
}

/** The GEXF 1.2draft namespace (its `viz` namespace is this plus `/viz`): the newest one NetworkX 2.x reads. */
export const GEXF_NAMESPACE = "http://www.gexf.net/1.2draft";

const GEXF_TYPES: Record<XmlType, string> = { boolean: "boolean", int: "integer", long: "long", double: "double", string: "string" };

function vizElements(attributes: DrawingAttributes): string {
  let out = "";
  if (typeof attributes.size === "number" && Number.isFinite(attributes.size)) out += `<viz:size value="${attributes.size}"/>`;
  if (typeof attributes.x === "number" && typeof attributes.y === "number" && Number.isFinite(attributes.x) && Number.isFinite(attributes.y)) {
    out += `<viz:position x="${attributes.x}" y="${attributes.y}" z="0"/>`;
  }
  const rgb = typeof attributes.color === "string" ? hexToRgb(attributes.color) : null;
  if (rgb) out += `<viz:color r="${rgb.r}" g="${rgb.g}" b="${rgb.b}"/>`;
  return out;
}

/** `#rrggbb` as numbers, or null for anything else. */
export function hexToRgb(hex: string): { r: number; g: number; b: number } | null {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match) return null;
  const n = Number.parseInt(match[1]!, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** GraphML's node attributes: the colour as r, g, b (Gephi's GraphML importer reads those, as it does x, y and size). */
function graphmlNodeAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  if (typeof attributes.color !== "string") return attributes;
  const { color, ...rest } = attributes;
  const rgb = hexToRgb(color as string);
  return rgb ? { ...rest, ...rgb } : rest;
}

type XmlType = "boolean" | "int" | "long" | "double" | "string";

/**
 * GraphML's drawing keys keep one type whatever this run's values are: a layout whose x values all
 * happen to be whole would otherwise declare `x` an int in one export and a double in the next.
 */
const GRAPHML_DRAWING_TYPES: Readonly<Record<string, XmlType>> = { x: "double", y: "double", size: "double", r: "int", g: "int", b: "int" };

/**
 * GraphML for Cytoscape, yEd, igraph and NetworkX, as chunks of text (for streaming to a file): a
 * `<key>` per attribute with its type inferred from every value (boolean, int, long, double, else
 * string; `weight` always double), then nodes and edges with a `<data>` per present value.
 *
 * @example
 * for (const chunk of graphmlChunks(graph)) stream.write(chunk);
 */
export function* graphmlChunks(graph: ExportGraph): Generator<string> {
  const run = graph.getAttributes();
  const graphValues = [run.runId, run.analysis, run.createdAt];
  // Key ids d0, d1, ... across graph, node and edge keys, as yEd and NetworkX write them.
  let next = 0;
  const declare = (keys: Array<{ name: string; type: XmlType }>) => keys.map((k) => ({ ...k, id: `d${next++}` }));
  const graphKeys = declare([
    { name: "runId", type: "string" },
    { name: "analysis", type: "string" },
    { name: "createdAt", type: "string" },
  ]);
  const nodeKeys = declare(inferKeys(graph, "node", graphmlNodeAttributes).map((k) => ({ ...k, type: GRAPHML_DRAWING_TYPES[k.name] ?? k.type })));
  const edgeKeys = declare(inferKeys(graph, "edge"));
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const [kind, keys] of [["graph", graphKeys], ["node", nodeKeys], ["edge", edgeKeys]] as const) {
    for (const { id, name, type } of keys) out += `  <key id="${id}" for="${kind}" attr.name="${xmlAttribute(name)}" attr.type="${type}"/>\n`;
  }
  out += `  <graph id="G" edgedefault="${graph.type === "directed" ? "directed" : "undirected"}">\n`;
  graphKeys.forEach(({ id }, i) => (out += `    <data key="${id}">${xmlText(graphValues[i])}</data>\n`));
  yield out;

  let chunk = "";
  for (const { node, attributes } of graph.nodeEntries()) {
    chunk += `    <node id="${xmlAttribute(node)}">${dataElements(graphmlNodeAttributes(attributes), nodeKeys)}</node>\n`;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  for (const { edge, attributes, source, target } of graph.edgeEntries()) {
    chunk += `    <edge id="e${xmlAttribute(edge)}" source="${xmlAttribute(source)}" target="${xmlAttribute(target)}">${dataElements(attributes, edgeKeys)}</edge>\n`;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield `${chunk}  </graph>\n</graphml>\n`;
}

/** The whole GraphML document as one string. */
export function toGraphml(graph: ExportGraph): string {
  return [...graphmlChunks(graph)].join("");
}

/** Text per yielded chunk: big enough for few writes, small enough to stream. */
const CHUNK_CHARS = 1 << 16;

/**
 * The network as two CSV tables (RFC 4180, header row, `\n` line ends), as chunks of text:
 * `nodes.csv` (id, label, community, scores, profile fields) and `edges.csv` (source, target, weight,
 * edge attributes). Columns are those any node or edge has; absent values are empty cells.
 *
 * @example
 * for (const chunk of csvChunks(graph, "nodes")) stream.write(chunk);
 */
export function* csvChunks(graph: ExportGraph, table: "nodes" | "edges"): Generator<string> {
  const columns = inferKeys(graph, table === "nodes" ? "node" : "edge").map((k) => k.name);
  let chunk = csvRow(table === "nodes" ? ["id", ...columns] : ["source", "target", ...columns]);
  const rows =
    table === "nodes"
      ? (function* () {
          for (const { node, attributes } of graph.nodeEntries()) yield [csvId(node), ...columns.map((c) => csvCell(attributes[c]))];
        })()
      : (function* () {
          for (const { attributes, source, target } of graph.edgeEntries()) yield [csvId(source), csvId(target), ...columns.map((c) => csvCell(attributes[c]))];
        })();
  for (const cells of rows) {
    chunk += `${cells.join(",")}\n`;
    if (chunk.length > CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

interface Key {
  name: string;
  type: XmlType;
}

/** Every attribute name in first-seen order (`label` and `community` first for nodes, `weight` for edges), typed from all its values; a name without any value is a string. */
function inferKeys(graph: ExportGraph, kind: "node" | "edge", view: (attributes: Record<string, unknown>) => Record<string, unknown> = (a) => a): Key[] {
  const types = new Map<string, XmlType | null>(kind === "node" ? [["label", null], ["community", null]] : [["weight", null]]);
  const see = (attributes: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) {
        if (!types.has(name)) types.set(name, null);
        continue;
      }
      types.set(name, widen(types.get(name) ?? null, valueType(value)));
    }
  };
  if (kind === "node") graph.forEachNode((_n, attributes) => see(view(attributes)));
  else graph.forEachEdge((_e, attributes) => see(attributes));
  // A weight is a real number even when every weight of this run happens to be whole.
  if (kind === "edge") types.set("weight", "double");
  return [...types].map(([name, type]) => ({ name, type: type ?? "string" }));
}

function valueType(value: unknown): XmlType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? (Math.abs(value) <= 0x7fffffff ? "int" : "long") : "double";
  return "string";
}

const NUMERIC: readonly XmlType[] = ["int", "long", "double"];

function widen(a: XmlType | null, b: XmlType): XmlType {
  if (a === null || a === b) return b;
  if (NUMERIC.includes(a) && NUMERIC.includes(b)) return NUMERIC[Math.max(NUMERIC.indexOf(a), NUMERIC.indexOf(b))];
  return "string";
}

function dataElements(attributes: Record<string, unknown>, keys: Array<Key & { id: string }>): string {
  let out = "";
  for (const { id, name } of keys) {
    const value = attributes[name];
    if (value !== null && value !== undefined) out += `<data key="${id}">${xmlText(String(value))}</data>`;
  }
  return out;
}

// Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab, LF and CR; U+FFFE/U+FFFF; lone surrogates.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters XML cannot hold. */
function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, "");
}

/** Text for element content: escaped, with CR kept as a reference (a raw CR would be normalised away). */
function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>\r]/g, (c) => XML_ENTITIES[c]);
}

/** Text for a double-quoted attribute value: escaped, with tab, LF and CR as references (attribute normalisation would turn them into spaces). */
function xmlAttribute(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]);
}

const XML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

function csvRow(names: string[]): string {
  return `${names.map((n) => csvQuote(n)).join(",")}\n`;
}

/** An id: quoted when needed, never altered. */
function csvId(id: string): string {
  return csvQuote(id);
}

/** A value: numbers and booleans as they are, free text guarded against spreadsheet formulas. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  return csvQuote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
