/**
 * The viewer's HTTP server (node:http only): the built page from `viz/dist` and two read-only JSON
 * endpoints, `GET /api/run` and `GET /api/account/:id`. Nothing here runs Cypher from a request; the
 * account endpoint takes an id and runs the named statements of `accounts.ts` with parameters.
 *
 * Hardening, because the page shows account data without authentication: bound to 127.0.0.1 by
 * default; a Host-header check against DNS rebinding; static paths decoded once, `..` segments
 * refused and the real path (symlinks resolved) required to stay inside the bundle; a
 * Content-Security-Policy without inline script; `nosniff`.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { findAnalysis } from "../../analyses/index.ts";
import { readRunDirectory } from "../engine/runs.ts";
import type { Database } from "../db/driver.ts";
import { CoordgraphError, UsageError } from "../errors.ts";
import { PROFILE_FIELDS } from "../report/export.ts";
import { gatherRunNetwork } from "../report/gather.ts";
import { RunAccounts, fetchAccountSummaries } from "./accounts.ts";
import { VIEWER_DEFAULTS } from "./options.ts";
import { buildViewerPayload, runDisplayNames, selectStrongestPart, type AccountSummary } from "./payload.ts";
import type { DatabaseStatus, Truncation } from "./types.ts";
import { counted } from "../run/words.ts";

export interface ViewerServerOptions {
  /** The run directory to show (see `resolveRunDirectory`). */
  runDirectory: string;
  /** Neo4j, for labels, datasets and the account panel. Without it the page shows ids and run data only. */
  db?: Database;
  /** Why there is no `db` (e.g. it was unreachable), for the page to say instead of a plain "no database". */
  databaseProblem?: string;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 5177. */
  port?: number;
  /** Fail when the port is busy instead of trying the next ones. Default false. */
  strictPort?: boolean;
  /** Folder of the built page. Default `viz/dist` (see `ensureViewerBundle`). */
  staticDir?: string;
  /** Most accounts sent to the page. Default 20,000. */
  maxNodes?: number;
  /** Most ties sent to the page. Default 100,000. */
  maxEdges?: number;
  /** Layout seed. Default 42. */
  seed?: number;
  /** Notes for stderr (layout time, failed requests). */
  log?: (line: string) => void;
}

export interface ViewerServer {
  /** `http://127.0.0.1:5177/` */
  url: string;
  /** The run's id. */
  run: string;
  /** Where the socket is bound. */
  address: { host: string; port: number };
  /** Accounts and ties sent, when the run is above the limits. */
  truncated: Truncation | null;
  /** Size of `/api/run` in bytes, plain and gzipped. */
  payloadBytes: { json: number; gzip: number };
  /** Milliseconds spent reading the run, laying it out and fetching labels. */
  preparedInMs: number;
  /** Whether account profiles could be read from Neo4j (the page says so when not). */
  database: DatabaseStatus;
  close(): Promise<void>;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  // The ForceAtlas2 refine button runs graphology's worker from a blob URL.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Longest account id accepted by `/api/account/:id` (ids are numeric strings or 64-hex hashes). */
const MAX_ACCOUNT_ID_LENGTH = 256;
/** Ports tried after a busy one unless `strictPort`. */
const PORT_ATTEMPTS = 20;

/**
 * Reads the run, lays it out, fetches labels, and starts serving. Resolves once listening.
 *
 * @example
 * const viewer = await createViewerServer({ runDirectory: "runs/co-retweet-20261123-104501", db, port: 0 });
 * console.log(viewer.url); // http://127.0.0.1:41233/
 * await viewer.close();
 */
export async function createViewerServer(options: ViewerServerOptions): Promise<ViewerServer> {
  const started = performance.now();
  const host = options.host ?? VIEWER_DEFAULTS.host;
  const staticDir = options.staticDir ?? (await import("./bundle.ts")).VIEWER_DIST;
  if (!fs.existsSync(staticDir)) {
    throw new UsageError("VIEWER_BUNDLE_MISSING", `no viewer page at ${staticDir}`, { hint: "build it with ensureViewerBundle() or `vite build --config viz/vite.config.ts`" });
  }
  const staticRoot = fs.realpathSync(staticDir);

  // Bind first, so a busy port fails before the layout's seconds are spent; requests wait for it.
  const prepare = async () => {
    const stored = readRunDirectory(options.runDirectory);
    const part = selectStrongestPart(stored.result, {
      maxNodes: options.maxNodes ?? VIEWER_DEFAULTS.maxNodes,
      maxEdges: options.maxEdges ?? VIEWER_DEFAULTS.maxEdges,
    });
    let profiles = new Map<string, AccountSummary>();
    let database: DatabaseStatus = {
      connected: false,
      message: options.databaseProblem ?? "started without a database: account profiles, tweets and names from the archive are not shown",
    };
    if (options.db) {
      try {
        profiles = await fetchAccountSummaries(options.db, part.nodes.map((n) => n.id));
        database = { connected: true, message: null };
      } catch (error) {
        // The run's own files still make a useful view; say plainly what is missing and how to fix it.
        database = {
          connected: false,
          message: `Neo4j is unreachable (${error instanceof CoordgraphError ? error.code : error instanceof Error ? error.message : String(error)}): account profiles, tweets and names are not shown; start it with \`coordgraph db start\` and reload`,
        };
        options.log?.(`warning: ${database.message}`);
      }
    }
    const payload = buildViewerPayload(stored, part, {
      profiles,
      database,
      seed: options.seed ?? VIEWER_DEFAULTS.seed,
      parameterDescriptions: optionDescriptions(stored.record.analysis),
    });
    if (payload.nodes.id.length > 0) {
      options.log?.(`layout: ${counted(payload.nodes.id.length, "account")}, ${counted(payload.edges.source.length, "tie")}, ${counted(payload.layout.iterations, "ForceAtlas2 iteration")} in ${payload.layout.milliseconds} ms`);
    } else options.log?.(`this ${stored.record.analysis} run has no network to draw; the page says why`);
    const json = Buffer.from(JSON.stringify(payload));
    const gzip = zlib.gzipSync(json, { level: 6 });
    const labels = runDisplayNames(stored.result.nodes, profiles);
    const shownIds = new Set(payload.nodes.id);
    return { stored, payload, json, gzip, database, shownIds, accounts: new RunAccounts(stored, options.runDirectory, options.db, labels, database.connected) };
  };
  // Profiles of the shown accounts for the page's GEXF/GraphML export, read once on the first export.
  let exportProfiles: Promise<Buffer> | undefined;
  const profilesForExport = async (): Promise<Buffer> => {
    const { shownIds, database } = await preparing!;
    const profiles: Record<string, Record<string, unknown>> = {};
    if (options.db && database.connected) {
      const network = await gatherRunNetwork(options.db, options.runDirectory);
      for (const id of shownIds) {
        if (!network.hasNode(id)) continue;
        const attributes = network.getNodeAttributes(id) as Record<string, unknown>;
        const profile: Record<string, unknown> = {};
        for (const field of PROFILE_FIELDS) if (attributes[field] !== undefined && attributes[field] !== null) profile[field] = attributes[field];
        profiles[id] = profile;
      }
    }
    return Buffer.from(JSON.stringify(profiles));
  };
  let preparing: ReturnType<typeof prepare> | undefined;

  let allowedHosts: Set<string> | null = null;
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.(`viewer: ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: errorBody(error) });
      else response.destroy();
    });
  });

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (allowedHosts && !allowedHosts.has((request.headers.host ?? "").toLowerCase())) {
      sendJson(response, 403, { error: { code: "HOST_NOT_ALLOWED", message: "this viewer answers only to its own address" } });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      sendJson(response, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "the viewer is read-only" } });
      return;
    }
    const rawPath = (request.url ?? "/").split("?")[0]!;
    if (rawPath === "/api/run") {
      const { json, gzip } = await preparing!;
      sendBuffer(request, response, 200, "application/json; charset=utf-8", json, gzip, "no-store");
      return;
    }
    if (rawPath === "/api/tie") {
      const query = new URLSearchParams((request.url ?? "").split("?")[1] ?? "");
      const a = query.get("a");
      const b = query.get("b");
      if (!a || !b || a.length > MAX_ACCOUNT_ID_LENGTH || b.length > MAX_ACCOUNT_ID_LENGTH) {
        sendJson(response, 400, { error: { code: "BAD_ACCOUNT_ID", message: "give two account ids as ?a=...&b=..." } });
        return;
      }
      const tie = await (await preparing!).accounts.tie(a, b);
      if (!tie) sendJson(response, 404, { error: { code: "TIE_NOT_FOUND", message: "these two accounts are not tied in this run" } });
      else sendJson(response, 200, tie);
      return;
    }
    if (rawPath === "/api/profiles") {
      exportProfiles ??= profilesForExport();
      const body = await exportProfiles.catch((error: unknown) => {
        exportProfiles = undefined;
        throw error;
      });
      sendBuffer(request, response, 200, "application/json; charset=utf-8", body, undefined, "no-store");
      return;
    }
    if (rawPath.startsWith("/api/account/")) {
      const id = decodeSegment(rawPath.slice("/api/account/".length));
      if (id === null || id === "" || id.length > MAX_ACCOUNT_ID_LENGTH) {
        sendJson(response, 400, { error: { code: "BAD_ACCOUNT_ID", message: "not an account id" } });
        return;
      }
      const details = await (await preparing!).accounts.details(id);
      if (!details) sendJson(response, 404, { error: { code: "ACCOUNT_NOT_FOUND", message: `no account "${id}" in this run or the database` } });
      else sendJson(response, 200, details);
      return;
    }
    if (rawPath === "/api" || rawPath.startsWith("/api/")) {
      sendJson(response, 404, { error: { code: "NOT_FOUND", message: "no such endpoint" } });
      return;
    }
    const file = resolveStaticFile(staticRoot, rawPath);
    if (!file) {
      sendText(response, 404, "not found");
      return;
    }
    const body = await fs.promises.readFile(file);
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    // Vite names assets by content hash; the page itself must be re-read to pick up a new build.
    const cache = file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
    sendBuffer(request, response, 200, type, body, undefined, cache);
  }

  const port = await listen(server, host, options.port ?? VIEWER_DEFAULTS.port, options.strictPort ?? false);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  if (host !== "0.0.0.0" && host !== "::") allowedHosts = allowedHostHeaders(host, port);
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  preparing = prepare();
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await preparing;
  } catch (error) {
    await close();
    throw error;
  }
  // Port 80 is left out, as browsers write it.
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : urlHost}${port === 80 ? "" : `:${port}`}/`;
  return {
    url,
    run: prepared.stored.record.id,
    address: { host: (server.address() as AddressInfo).address, port },
    truncated: prepared.payload.truncated,
    payloadBytes: { json: prepared.json.length, gzip: prepared.gzip.length },
    preparedInMs: Math.round(performance.now() - started),
    database: prepared.database,
    close,
  };
}

/**
 * The Host headers a viewer bound to `host:port` answers: its own address and the loopback names, with
 * the port, and without it on port 80 (browsers leave the default port out: they send "127.0.0.1").
 *
 * @example
 * allowedHostHeaders("127.0.0.1", 80).has("127.0.0.1"); // true
 */
export function allowedHostHeaders(host: string, port: number): Set<string> {
  const names = [host.includes(":") ? `[${host}]` : host, "127.0.0.1", "localhost", "[::1]"];
  return new Set([...names.map((h) => `${h}:${port}`), ...(port === 80 ? names : [])].map((h) => h.toLowerCase()));
}

/** The analysis's option help texts by key (empty for an analysis this version does not know). */
function optionDescriptions(analysis: string): Record<string, string> {
  try {
    return Object.fromEntries(findAnalysis(analysis).options.map((o) => [o.key, o.description]));
  } catch {
    return {};
  }
}

/**
 * Maps a request path to a file inside `root`, or null. The path is percent-decoded once; any `..`
 * or `.` segment, backslash or NUL is refused outright (no normalising them away), and the real
 * path, symlinks resolved, must still lie inside `root` and be a regular file.
 */
export function resolveStaticFile(root: string, rawPath: string): string | null {
  if (!rawPath.startsWith("/")) return null;
  const decoded = decodeSegment(rawPath);
  if (decoded === null || decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").slice(1);
  // Dot segments (".", "..") and dotfiles alike.
  if (segments.some((s) => s.startsWith("."))) return null;
  const relative = decoded === "/" ? "index.html" : segments.join("/");
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) return null;
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return null;
  }
  if (!real.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

function listen(server: http.Server, host: string, port: number, strictPort: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    let attempt = 0;
    const tryPort = (candidate: number) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off("listening", onListening);
        if (error.code === "EADDRINUSE" && !strictPort && candidate !== 0 && ++attempt < PORT_ATTEMPTS && candidate < 65_535) {
          tryPort(candidate + 1);
          return;
        }
        reject(
          error.code === "EADDRINUSE"
            ? new UsageError("PORT_IN_USE", `port ${candidate} on ${host} is in use`, { hint: "choose another with --port (0 = any free port)" })
            : error.code === "EADDRNOTAVAIL"
              ? new UsageError("BAD_HOST", `cannot bind ${host}: no such local address`, { hint: "use --host 127.0.0.1" })
              : error,
        );
      };
      const onListening = () => {
        server.off("error", onError);
        resolve((server.address() as AddressInfo).port);
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen({ host, port: candidate });
    };
    tryPort(port);
  });
}

function applySecurityHeaders(response: http.ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

function sendBuffer(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  status: number,
  type: string,
  body: Buffer,
  gzipped: Buffer | undefined,
  cacheControl: string,
): void {
  applySecurityHeaders(response);
  response.setHeader("Content-Type", type);
  response.setHeader("Cache-Control", cacheControl);
  const useGzip = gzipped !== undefined && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  if (gzipped !== undefined) response.setHeader("Vary", "Accept-Encoding");
  if (useGzip) response.setHeader("Content-Encoding", "gzip");
  const sent = useGzip ? gzipped! : body;
  response.setHeader("Content-Length", sent.length);
  response.writeHead(status);
  response.end(request.method === "HEAD" ? undefined : sent);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  applySecurityHeaders(response);
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("Content-Length", body.length);
  response.writeHead(status);
  response.end(body);
}

function sendText(response: http.ServerResponse, status: number, text: string): void {
  applySecurityHeaders(response);
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.setHeader("Content-Length", Buffer.byteLength(text));
  response.writeHead(status);
  response.end(text);
}

function errorBody(error: unknown): Record<string, unknown> {
  if (error instanceof CoordgraphError) return { code: error.code, message: error.message, hint: error.hint };
  return { code: "INTERNAL", message: "the viewer could not answer; see the terminal running `coordgraph view`" };
}
