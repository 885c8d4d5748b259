/**
 * Where coordgraph's database lives and how to reach it. Two modes:
 * - external: `NEO4J_URI` is set (with `NEO4J_USER`, `NEO4J_PASSWORD`, optional `NEO4J_DATABASE`);
 *   every command uses that server and `db start` only checks it.
 * - local (default): a Neo4j 5 Community server provisioned from Maven Central into a cache folder
 *   outside the git tree, bound to 127.0.0.1, with a generated password in a file only the user reads.
 */
import os from "node:os";
import path from "node:path";
import { UsageError, type ErrorCode } from "../errors.ts";

/** What the local server is when the environment says nothing (see {@link localServerDefaults}). */
export interface LocalServerDefaults {
  version: string;
  home: string;
  cache: string;
  boltPort: number;
  heap: string | undefined;
  pageCache: string | undefined;
  boltTlsDir: string | undefined;
  database: string;
  jit: ServerJit;
}

/**
 * How the server's JVM compiles: `c1` only (fast from the first query), the JVM's own `tiered` C1 + C2
 * (twice as fast once warm, after about a minute of CPU), or `auto`: c1 while the database is small.
 */
export type ServerJit = "auto" | "c1" | "tiered";

/** With COORDGRAPH_NEO4J_JIT=auto, a database folder of at least this size gets the tiered compiler (1,000,000 tweets take ~2.7 GB). */
export const jitAutoTieredBytes = 1024 ** 3;

/** Defaults for the local server, each overridable by the environment variable named beside it. */
export const localServerDefaults: LocalServerDefaults = {
  /** COORDGRAPH_NEO4J_VERSION: 5.26 LTS is the last line that runs on Java 17. */
  version: "5.26.30",
  /** COORDGRAPH_NEO4J_HOME: configuration, data, logs and password of one server. */
  home: path.join(os.homedir(), ".cache", "coordgraph", "neo4j"),
  /** COORDGRAPH_CACHE: downloaded server jars, shared by every home (e.g. the test server's). */
  cache: path.join(os.homedir(), ".cache", "coordgraph"),
  /** COORDGRAPH_NEO4J_PORT */
  boltPort: 7687,
  /** COORDGRAPH_NEO4J_HEAP (e.g. "4g"); default: sized from the store at each start ({@link serverMemoryFor}). */
  heap: undefined,
  /** COORDGRAPH_NEO4J_PAGECACHE (e.g. "4g"); default: sized from the store at each start ({@link serverMemoryFor}). */
  pageCache: undefined,
  /**
   * COORDGRAPH_NEO4J_BOLT_TLS: a folder holding `private.key` and `public.crt` (PEM). When set, the
   * local server accepts Bolt over TLS only and coordgraph reaches it as `bolt+ssc://` (a test stand-in
   * for a team server; see test/load-remote-tls.test.ts).
   */
  boltTlsDir: undefined,
  /** COORDGRAPH_NEO4J_DATABASE: the name of the local server's database (Community has one, `neo4j` unless created otherwise). */
  database: "neo4j",
  /**
   * COORDGRAPH_NEO4J_JIT: `auto` (default), `c1` or `tiered`. `auto` starts the server with C1 only while its
   * database is under {@link jitAutoTieredBytes} (a new or small archive: a first load 2-3 times faster) and
   * tiered above (long analyses of a large archive: C2's code twice as fast once warm). Figures beside
   * serverJvmOptions in server.ts.
   */
  jit: "auto",
};

export interface LocalServerConfig {
  mode: "local";
  version: string;
  home: string;
  cache: string;
  boltPort: number;
  host: "127.0.0.1";
  /** COORDGRAPH_NEO4J_HEAP, or undefined: sized from the store when the server starts ({@link serverMemoryFor}). */
  heap: string | undefined;
  /** COORDGRAPH_NEO4J_PAGECACHE, or undefined: sized from the store when the server starts. */
  pageCache: string | undefined;
  /** Java executable: COORDGRAPH_JAVA, else $JAVA_HOME/bin/java, else `java` on PATH. */
  java: string;
  uri: string;
  user: "neo4j";
  /** The one user database; its name is fixed when the database is first created. */
  database: string;
  /** See {@link localServerDefaults}.boltTlsDir. */
  boltTlsDir?: string;
  /** See {@link localServerDefaults}.jit. */
  jit: ServerJit;
}

export interface ExternalServerConfig {
  mode: "external";
  uri: string;
  user: string;
  password: string;
  database: string;
}

export type ServerConfig = LocalServerConfig | ExternalServerConfig;

/** The memory a local server starts with, as neo4j.conf sizes ("1024m"). */
export interface ServerMemory {
  heap: string;
  pageCache: string;
}

const MiB = 1024 * 1024;

/**
 * Server memory sized to the archive, not the machine: a page cache that holds the whole store (a fifth
 * more for the indexes' growth, plus room for a load's first writes), and a heap of 1 GiB plus half
 * the store (the analyses' projections stream, but Neo4j's transaction memory, 70% of the heap, holds
 * their aggregations: at 9M tweets a heap of 1 GiB plus a quarter of the store, 2.9 GiB, refused
 * communities' shared-target projection). Both stay under a share of RAM (heap 20%, page cache 25%, at most 8 GiB each) so a 2-core,
 * 24 GiB machine keeps room for the client and the OS. A new database gets 1 GiB and 512 MiB, where the
 * machine-sized defaults gave 4.8 and 6 GiB to a 35,000-row archive; a 9M-tweet store (~20 GB) gets
 * the caps. The figures take effect at each start: `db stop` and `db start` resize a grown store.
 *
 * @example
 * serverMemoryFor(0, 24 * 1024 ** 3); // { heap: "1024m", pageCache: "512m" }
 */
export function serverMemoryFor(storeBytes: number, totalMemBytes = os.totalmem()): ServerMemory {
  const storeMiB = Math.ceil(storeBytes / MiB);
  const ramMiB = Math.floor(totalMemBytes / MiB);
  const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(Math.floor(max), Math.ceil(value)));
  return {
    heap: `${clamp(1024 + storeMiB / 2, 1024, Math.min(8192, ramMiB * 0.2))}m`,
    pageCache: `${clamp(storeMiB * 1.2 + 256, 512, Math.min(8192, ramMiB * 0.25))}m`,
  };
}

/** Reads the configuration from the environment (never prints secrets). */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  if (env.NEO4J_URI) {
    return {
      mode: "external",
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER ?? "neo4j",
      password: env.NEO4J_PASSWORD ?? "",
      database: env.NEO4J_DATABASE ?? "neo4j",
    };
  }
  const boltPort = Number(env.COORDGRAPH_NEO4J_PORT ?? localServerDefaults.boltPort);
  const java = env.COORDGRAPH_JAVA ?? (env.JAVA_HOME ? path.join(env.JAVA_HOME, "bin", "java") : "java");
  const boltTlsDir = env.COORDGRAPH_NEO4J_BOLT_TLS ? path.resolve(env.COORDGRAPH_NEO4J_BOLT_TLS) : undefined;
  const jit = env.COORDGRAPH_NEO4J_JIT || localServerDefaults.jit;
  if (jit !== "auto" && jit !== "c1" && jit !== "tiered") {
    throw new UsageError("BAD_OPTION", `COORDGRAPH_NEO4J_JIT must be auto, c1 or tiered, got "${jit}"`, { field: "COORDGRAPH_NEO4J_JIT" });
  }
  return {
    mode: "local",
    version: env.COORDGRAPH_NEO4J_VERSION ?? localServerDefaults.version,
    home: path.resolve(env.COORDGRAPH_NEO4J_HOME ?? localServerDefaults.home),
    cache: path.resolve(env.COORDGRAPH_CACHE ?? localServerDefaults.cache),
    boltPort,
    host: "127.0.0.1",
    heap: env.COORDGRAPH_NEO4J_HEAP || undefined,
    pageCache: env.COORDGRAPH_NEO4J_PAGECACHE || undefined,
    java,
    uri: `${boltTlsDir ? "bolt+ssc" : "bolt"}://127.0.0.1:${boltPort}`,
    user: "neo4j",
    database: env.COORDGRAPH_NEO4J_DATABASE || localServerDefaults.database,
    ...(boltTlsDir ? { boltTlsDir } : {}),
    jit,
  };
}

/**
 * Throws `UsageError` (`<WHAT>_NEEDS_LOCAL_SERVER`, e.g. `DB_RESET_NEEDS_LOCAL_SERVER`) when `config`
 * names a NEO4J_URI server: for what works only on the local server's own files (bulk import, reset),
 * checked before anything is touched so nothing fails half-way.
 */
export function requireLocalServer(config: ServerConfig, what: string, hint: string, code: ErrorCode = `${what.replace(/^--/, "").replace(/\W+/g, "_").toUpperCase()}_NEEDS_LOCAL_SERVER`): asserts config is LocalServerConfig {
  if (config.mode === "local") return;
  throw new UsageError(code, `${what} works only on coordgraph's local server; NEO4J_URI points at ${config.uri}`, { hint });
}

/** Paths inside the local server's home. */
export function localPaths(config: LocalServerConfig) {
  const dist = path.join(config.cache, "dist", `neo4j-${config.version}`);
  return {
    dist,
    lib: path.join(dist, "lib"),
    pom: path.join(dist, "pom.xml"),
    provisionedMarker: path.join(dist, ".provisioned"),
    conf: path.join(config.home, "conf"),
    confFile: path.join(config.home, "conf", "neo4j.conf"),
    data: path.join(config.home, "data"),
    logs: path.join(config.home, "logs"),
    run: path.join(config.home, "run"),
    importDir: path.join(config.home, "import"),
    pidFile: path.join(config.home, "run", "coordgraph-neo4j.pid"),
    lockFile: path.join(config.home, "run", "start.lock"),
    passwordFile: path.join(config.home, "auth", "password"),
    consoleLog: path.join(config.home, "logs", "console.log"),
  };
}
