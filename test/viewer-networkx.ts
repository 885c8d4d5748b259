/**
 * Reads a GEXF or GraphML file with Python's NetworkX (`read_gexf` / `read_graphml`), as a Gephi or
 * NetworkX user would, and returns what it found as plain JSON. CI installs Debian's
 * `python3-networkx` (.ci/run); elsewhere a machine without it skips the tests that need it.
 */
import { execFileSync } from "node:child_process";

export interface NetworkxGraph {
  directed: boolean;
  nodes: Record<string, Record<string, unknown>>;
  edges: Array<[string, string, Record<string, unknown>]>;
}

const SCRIPT = `
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
g = nx.read_gexf(path) if kind == "gexf" else nx.read_graphml(path)
print(json.dumps({
    "directed": g.is_directed(),
    "nodes": {str(n): d for n, d in g.nodes(data=True)},
    "edges": [[str(u), str(v), d] for u, v, d in g.edges(data=True)],
}, default=str))
`;

/** A Python that has NetworkX, or null. */
export function pythonWithNetworkx(): string | null {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      execFileSync(python, ["-c", "import networkx"], { stdio: "ignore" });
      return python;
    } catch {
      // try the next one
    }
  }
  return null;
}

/** Whether the NetworkX tests run: always in CI (a missing NetworkX fails there), else when installed. */
export const haveNetworkx = pythonWithNetworkx() !== null || process.env.CI === "true";

export function readWithNetworkx(kind: "gexf" | "graphml", file: string): NetworkxGraph {
  const python = pythonWithNetworkx();
  if (!python) throw new Error("NetworkX is not installed (apt-get install python3-networkx)");
  return JSON.parse(execFileSync(python, ["-c", SCRIPT, kind, file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })) as NetworkxGraph;
}
