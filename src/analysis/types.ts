/**
 * The contract between analysis modules (`analyses/*.ts`), the runner that stores their results
 * (Neo4j + a run directory) and the consumers of runs (reports, viewer, export).
 */

/** One account in a run's network, with its community and any per-analysis scores. */
export interface RunNode {
  id: string;
  /** Louvain community id within the run (0 = largest), or null when the account is isolated. */
  community: number | null;
  /** Numeric scores (degree, weightedDegree, pagerank, posts, ...). */
  scores: Record<string, number>;
}

/** One undirected (or directed, see RunResult.directed) edge between accounts. */
export interface RunEdge {
  source: string;
  target: string;
  weight: number;
  /** Extra numeric or string attributes (avgTimeDelta, sharedObjects, pValue, ...). */
  attributes: Record<string, number | string>;
}

export interface RunCommunity {
  id: number;
  size: number;
  /** Sum of edge weights inside the community. */
  internalWeight: number;
}

/** What an analysis returns: plain data, written by the runner to Neo4j and the run directory. */
export interface RunResult {
  directed: boolean;
  nodes: RunNode[];
  edges: RunEdge[];
  communities: RunCommunity[];
  /** Headline figures printed by the CLI and stored in run.json (modularity, pairs, ...). */
  summary: Record<string, number | string | null>;
  /** Extra tables written as `<name>.csv` in the run directory (e.g. CooRTweet's pairs). */
  tables?: Record<string, Array<Record<string, string | number | null>>>;
  /** Human-readable warnings (e.g. a window below the data's time resolution). */
  warnings?: string[];
}
