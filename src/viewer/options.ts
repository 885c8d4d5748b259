/** Options of `coordgraph view` and `createViewerServer`, with their defaults declared once. */
import { UsageError } from "../errors.ts";

export const VIEWER_DEFAULTS = {
  /** Loopback only: the viewer shows account data and has no authentication. */
  host: "127.0.0.1",
  /** Away from Neo4j's 7474/7687 and Vite's 5173; the next free port is taken when busy. */
  port: 5177,
  /** Above this many accounts only the strongest part of each community is sent. */
  maxNodes: 20_000,
  /** Above this many ties only the strongest are sent. */
  maxEdges: 100_000,
  /** Seed of the layout's jitter. */
  seed: 42,
} as const;

export interface ViewerLimits {
  maxNodes: number;
  maxEdges: number;
}

/** Parses a positive integer option given on the command line. */
export function positiveInteger(name: string, raw: string | number | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError("BAD_OPTION", `--${name} must be an integer >= ${min}, got "${raw}"`, { field: name });
  }
  return value;
}

/** Parses `--port` (0 picks any free port). */
export function portNumber(raw: string | number | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    throw new UsageError("BAD_OPTION", `--port must be an integer from 0 to 65535, got "${raw}"`, { field: "port" });
  }
  return value;
}
