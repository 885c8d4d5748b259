/**
 * One driver per process, short sessions, parameters always. Every command goes through
 * `connect()`, which starts the local server on demand so a new user never has to think about it.
 */
import neo4j, { type Driver, type ManagedTransaction, type Session } from "neo4j-driver";
import { DatabaseError } from "../errors.ts";
import { serverConfigFromEnv, type ServerConfig } from "./config.ts";
import { cypher } from "./cypher.ts";
import { localPassword, startLocalServer } from "./server.ts";

export interface Database {
  driver: Driver;
  config: ServerConfig;
  database: string;
}

let current: Database | undefined;

function makeDriver(config: ServerConfig): Driver {
  const password = config.mode === "local" ? localPassword(config) : config.password;
  return neo4j.driver(config.uri, neo4j.auth.basic(config.user, password), {
    // Counts come back as JS numbers; ids are strings in the graph so nothing 64-bit is lost.
    disableLosslessIntegers: true,
    maxTransactionRetryTime: 60_000,
    connectionAcquisitionTimeout: 120_000,
  });
}

/** Removes anything secret-looking from a driver message before it reaches the user. */
function scrub(message: string, config: ServerConfig): string {
  const secret = config.mode === "local" ? localPassword(config) : config.password;
  return secret ? message.split(secret).join("***") : message;
}

/**
 * Returns the process's database handle, starting the local server first when needed.
 * `log` receives progress lines (server start) meant for stderr.
 */
export async function connect(options: { log?: (line: string) => void; config?: ServerConfig } = {}): Promise<Database> {
  if (current) return current;
  const config = options.config ?? serverConfigFromEnv();
  if (config.mode === "local") await startLocalServer(config, options.log);
  const driver = makeDriver(config);
  try {
    await driver.verifyConnectivity({ database: config.database });
    // verifyConnectivity does not check the database name: one trivial read does.
    const s = driver.session({ database: config.database, defaultAccessMode: neo4j.session.READ });
    try {
      await s.executeRead((tx) => tx.run(cypher("db-ping"), { ping: 1 }));
    } finally {
      await s.close();
    }
  } catch (error) {
    await driver.close();
    const code = (error as { code?: string }).code ?? "";
    const message = scrub((error as Error).message, config);
    if (code === "Neo.ClientError.Database.DatabaseNotFound") {
      throw new DatabaseError("DATABASE_NOT_FOUND", `Neo4j at ${config.uri} has no database "${config.database}"`, {
        hint: config.mode === "external" ? "check NEO4J_DATABASE (`SHOW DATABASES` lists them)" : "COORDGRAPH_NEO4J_DATABASE names the database only when it is first created; `coordgraph db reset --yes` recreates it",
      });
    }
    if (code.includes("Unauthorized") || code.includes("Security")) {
      throw new DatabaseError("AUTH_FAILED", `Neo4j at ${config.uri} refused the credentials`, {
        hint: config.mode === "external" ? "check NEO4J_USER / NEO4J_PASSWORD" : "the local password file does not match the database; run `coordgraph db reset --yes`",
      });
    }
    throw new DatabaseError("UNREACHABLE", `cannot reach Neo4j at ${config.uri}: ${message}`, {
      hint: config.mode === "external" ? "check NEO4J_URI" : "run `coordgraph db status`",
    });
  }
  current = { driver, config, database: config.database };
  return current;
}

/** Closes the process's driver (call once at exit). */
export async function disconnect(): Promise<void> {
  const db = current;
  current = undefined;
  if (db) await db.driver.close();
}

export function session(db: Database, mode: "READ" | "WRITE" = "WRITE"): Session {
  return db.driver.session({ database: db.database, defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE });
}

/**
 * The user-facing error for a driver error that means the server went away (stopped, crashed,
 * restarted for longer than the driver's retries last); undefined for any other error.
 */
export function connectionLostError(error: unknown, config: ServerConfig): DatabaseError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ServiceUnavailable" && code !== "SessionExpired") return undefined;
  const message = scrub((error as Error).message ?? "", config);
  // The driver's text is a paragraph about encryption settings; its cause is the useful part.
  const cause = /Caused by: (.*)$/s.exec(message)?.[1] ?? message;
  return new DatabaseError("CONNECTION_LOST", `lost the connection to Neo4j at ${config.uri} (${cause.replace(/\s+/g, " ").trim()})`, {
    cause: error,
    hint:
      config.mode === "local"
        ? "start it again with `coordgraph db start`, then rerun the command (a rerun load resumes: it ends with the graph of one load)"
        : "check NEO4J_URI and the server, then rerun the command (a rerun load resumes: it ends with the graph of one load)",
  });
}

async function translated<T>(db: Database, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw connectionLostError(error, db.config) ?? error;
  }
}

/** Runs `work` in a retried read transaction of a short-lived session. */
export async function readTx<T>(db: Database, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const s = session(db, "READ");
  try {
    return await translated(db, () => s.executeRead(work));
  } finally {
    await s.close();
  }
}

/** Runs `work` in a retried write transaction of a short-lived session. */
export async function writeTx<T>(db: Database, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const s = session(db, "WRITE");
  try {
    return await translated(db, () => s.executeWrite(work));
  } finally {
    await s.close();
  }
}

/** Convenience: one parameterised read statement, records as plain objects. */
export async function readRows<T = Record<string, unknown>>(db: Database, statement: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return readTx(db, async (tx) => {
    const result = await tx.run(statement, params);
    return result.records.map((r) => r.toObject() as T);
  });
}

/**
 * True for Neo4j refusing a query for want of transaction memory: the whole server's pool
 * (`dbms.memory.transaction.total.max`, 70% of the heap by default) or one transaction's limit. The
 * query is rolled back and the server stays up, so a caller can take a cheaper way.
 */
export function isServerMemoryLimit(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? "");
  return code === "Neo.TransientError.General.MemoryPoolOutOfMemoryError" || code === "Neo.TransientError.General.TransactionMemoryLimit";
}

