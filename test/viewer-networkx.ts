/**
 * Reads a GEXF or GraphML file with Python's NetworkX (`read_gexf` / `read_graphml`), as a Gephi or
 * NetworkX user would, under every NetworkX the tests are meant to cover, and returns what it found as
 * plain JSON.
 *
 * The interpreters are chosen, not guessed at:
 * - `COORDGRAPH_PYTHONS`, a `:`-separated list of interpreters, when set: each must have NetworkX;
 * - else Debian's `/usr/bin/python3` with `python3-networkx` (2.8 on Debian 12, whose `read_gexf` knows
 *   GEXF 1.1draft and 1.2draft only). `.ci/run` always installs it, so with CI=true a missing one fails
 *   the tests instead of skipping them; elsewhere it is used when present;
 * - and `python3` on PATH (pyenv, a venv: often NetworkX 3) when it has a NetworkX other than Debian's.
 * Tests run once per reader, named for its NetworkX version, and the versions found are printed once.
 */
import { execFileSync } from "node:child_process";
import { hexToRgb, type ExportGraph } from "../src/report/export.ts";

export interface NetworkxGraph {
  directed: boolean;
  nodes: Record<string, Record<string, unknown>>;
  edges: Array<[string, string, Record<string, unknown>]>;
  /** Python type names NetworkX gave each node attribute, over all nodes (`int`, `float`, `bool`, `str`, `dict`). */
  nodeTypes: Record<string, string[]>;
  /** The same for edge attributes. */
  edgeTypes: Record<string, string[]>;
}

/** A Python interpreter with NetworkX. */
export interface NetworkxReader {
  python: string;
  /** `networkx.__version__`, e.g. 2.8.8 */
  version: string;
  /** Where that NetworkX is installed (two interpreters may share one). */
  module: string;
}

export interface NetworkxReaders {
  readers: NetworkxReader[];
  /** Interpreters that must have NetworkX and do not, each with the reason. */
  missing: string[];
}

/** Debian's own Python, into which `apt-get install python3-networkx` (.ci/run) puts NetworkX. */
export const DEBIAN_PYTHON = "/usr/bin/python3";

/** The NetworkX of one interpreter, or null when it has none (or does not run). */
function networkxOf(python: string): NetworkxReader | null {
  try {
    const [version, module] = execFileSync(python, ["-c", "import networkx; print(networkx.__version__); print(networkx.__file__)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    })
      .trim()
      .split("\n");
    return version && module ? { python, version, module } : null;
  } catch {
    return null;
  }
}

/**
 * The NetworkX readers of this machine, chosen as the header says from `env` and what each candidate
 * interpreter reports.
 *
 * @example
 * findNetworkxReaders({ CI: "true" }) // { readers: [{ python: "/usr/bin/python3", version: "2.8.8", ... }], missing: [] }
 */
export function findNetworkxReaders(env: NodeJS.ProcessEnv = process.env): NetworkxReaders {
  const listed = (env.COORDGRAPH_PYTHONS ?? "").split(":").filter(Boolean);
  const candidates = listed.length > 0 ? listed.map((python) => ({ python, required: true })) : [{ python: DEBIAN_PYTHON, required: env.CI === "true" }, { python: "python3", required: false }];
  const readers: NetworkxReader[] = [];
  const missing: string[] = [];
  for (const { python, required } of candidates) {
    const reader = networkxOf(python);
    if (!reader) {
      if (required) missing.push(listed.length > 0 ? `${python} (listed in COORDGRAPH_PYTHONS) has no NetworkX` : `${python} has no NetworkX: apt-get install python3-networkx (.ci/run does)`);
      continue;
    }
    // `python3` on PATH may be Debian's own: read with each NetworkX once.
    if (!readers.some((r) => r.module === reader.module)) readers.push(reader);
  }
  return { readers, missing };
}

export const NETWORKX = findNetworkxReaders();

/** For `it.each`: each reader with a test-name prefix such as "NetworkX 2.8.8 (/usr/bin/python3)". */
export const networkxReaders: Array<[string, NetworkxReader]> = NETWORKX.readers.map((reader) => [`NetworkX ${reader.version} (${reader.python})`, reader]);

console.info(
  `NetworkX readers for the export tests: ${networkxReaders.map(([name]) => name).join(", ") || "none"}` +
    (NETWORKX.missing.length > 0 ? `; missing: ${NETWORKX.missing.join("; ")}` : ""),
);

const SCRIPT = `
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
g = nx.read_gexf(path) if kind == "gexf" else nx.read_graphml(path)
def types(items):
    seen = {}
    for d in items:
        for k, v in d.items():
            seen.setdefault(k, set()).add(type(v).__name__)
    return {k: sorted(v) for k, v in seen.items()}
print(json.dumps({
    "directed": g.is_directed(),
    "nodes": {str(n): d for n, d in g.nodes(data=True)},
    "edges": [[str(u), str(v), d] for u, v, d in g.edges(data=True)],
    "nodeTypes": types(d for _, d in g.nodes(data=True)),
    "edgeTypes": types(d for _, _, d in g.edges(data=True)),
}, default=str))
`;

export function readWithNetworkx(reader: NetworkxReader, kind: "gexf" | "graphml", file: string): NetworkxGraph {
  return JSON.parse(execFileSync(reader.python, ["-c", SCRIPT, kind, file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as NetworkxGraph;
}

/**
 * What NetworkX should read from our GEXF or GraphML of `graph`, node by node and edge by edge (edges
 * keyed by the id NetworkX keeps in their data): every attribute with a value (text without the
 * characters XML cannot hold), the label, and the drawing (GEXF: `viz` with the colour as r/g/b/a,
 * the position with z = 0 and the size; GraphML: `x`, `y`, `size`, `r`, `g`, `b`).
 */
export function expectedNetworkxRead(graph: ExportGraph, kind: "gexf" | "graphml"): { nodes: NetworkxGraph["nodes"]; edges: Record<string, Record<string, unknown>> } {
  // Text as XML can carry it: the exporter drops the characters XML 1.0 forbids (C0 controls but tab, LF and CR).
  const asXml = (value: unknown) => (typeof value === "string" ? value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "") : value);
  const present = (attributes: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(attributes).flatMap(([name, value]) => (value === null || value === undefined ? [] : [[name, asXml(value)]])));
  const nodes: NetworkxGraph["nodes"] = {};
  graph.forEachNode((node, attributes) => {
    const { x, y, size, color, ...data } = attributes;
    const rgb = typeof color === "string" ? hexToRgb(color) : null;
    if (kind === "graphml") {
      nodes[node] = present({ ...data, x, y, size, ...rgb });
      return;
    }
    const viz = present({ color: rgb ? { ...rgb, a: 1 } : undefined, size, position: x !== undefined && y !== undefined ? { x, y, z: 0 } : undefined });
    nodes[node] = present({ ...data, viz: Object.keys(viz).length > 0 ? viz : undefined });
  });
  const edges: Record<string, Record<string, unknown>> = {};
  graph.forEachEdge((edge, attributes) => {
    const id = kind === "gexf" ? edge : `e${edge}`;
    edges[id] = present({ ...attributes, id });
  });
  return { nodes, edges };
}

/** The edges NetworkX read, keyed by the id it keeps in their data. */
export function edgesById(read: NetworkxGraph): Record<string, Record<string, unknown>> {
  return Object.fromEntries(read.edges.map(([, , data]) => [String(data.id), data]));
}
