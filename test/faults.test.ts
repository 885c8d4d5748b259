/**
 * Faults around the loader and the local server: Neo4j stopped in the middle of a load, two loads at
 * once, analyses asked for the impossible, the password kept secret, the server kept on loopback.
 * Server lifecycle faults use one throw-away server (own home, a free port, small heap, started
 * through the CLI as a user would); the rest use the shared test server and empty it first.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverConfigFromEnv, type LocalServerConfig } from "../src/db/config.ts";
import { readRows, type Database } from "../src/db/driver.ts";
import { localPassword } from "../src/db/server.ts";
import { loadArchive } from "../src/load/load.ts";
import { generateArchive, synthFilePaths } from "../src/synth/index.ts";
import { hasStackTrace, runCliTimed, type TimedCliResult } from "./helpers/cli.ts";
import { emptyDatabase, graphCounts, projectRoot, testDatabase } from "./helpers/db.ts";
import { freePort } from "./helpers/ports.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-faults-"));

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** A synthetic archive (tweets + users file) generated once per seed and size. */
const archives = new Map<string, string[]>();
async function archive(seed: number, tweets: number): Promise<string[]> {
  let files = archives.get(`${seed}-${tweets}`);
  if (files === undefined) {
    const dir = path.join(work, `synth-${seed}-${tweets}`);
    await generateArchive({ tweets, accounts: 300, seed, outDir: dir });
    const paths = synthFilePaths(dir, "synth");
    files = [paths.tweets, paths.users];
    archives.set(`${seed}-${tweets}`, files);
  }
  return files;
}

function expectOneLineError(result: TimedCliResult, code: string, exitCode = 1): string {
  expect(result.timedOut, "the command hung").toBe(false);
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.code, result.stderr).toBe(exitCode);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^error\\[${code}\\] `));
  return lines[0]!;
}

/**
 * A local server of its own, driven through the CLI with its own COORDGRAPH_NEO4J_HOME and port.
 * Its home does not exist beforehand, so coordgraph creates every folder of it (and their modes are its own).
 */
function throwAwayServer(port: number) {
  // Created by the CLI on first start (not here: a skipped describe would leave it behind).
  const root = path.join(os.tmpdir(), `coordgraph-throwaway-${port}-${process.pid}-${Date.now()}`);
  const home = path.join(root, "home");
  const env = { COORDGRAPH_NEO4J_HOME: home, COORDGRAPH_NEO4J_PORT: String(port), COORDGRAPH_NEO4J_HEAP: "512m", COORDGRAPH_NEO4J_PAGECACHE: "256m", NEO4J_URI: "" };
  const config = serverConfigFromEnv({ ...process.env, ...env }) as LocalServerConfig;
  let db: Database | undefined;
  return {
    env,
    home,
    config,
    cli: (args: string[], timeoutMs = 240_000) => runCliTimed(args, { env, timeoutMs }),
    /** A driver of the test's own (the CLI children have theirs); only once the server has started. */
    database(): Database {
      db ??= {
        driver: neo4j.driver(config.uri, neo4j.auth.basic(config.user, localPassword(config)), { disableLosslessIntegers: true }),
        config,
        database: config.database,
      };
      return db;
    },
    async dispose(): Promise<void> {
      await db?.driver.close();
      await runCliTimed(["db", "stop"], { env, timeoutMs: 120_000 });
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The throw-away server of this file, shared by its lifecycle faults: the interrupted load stops and
 * starts it; the secrets tests look at its home and at the output of its very first start.
 */
const server = throwAwayServer(await freePort());
let firstStart: TimedCliResult;

beforeAll(async () => {
  // The first start provisions the home, sets the password and prints its notes (no --quiet).
  firstStart = await server.cli(["db", "start"]);
  expect(firstStart.code, firstStart.stderr).toBe(0);
});

afterAll(async () => {
  await server.dispose();
});

async function tweetCount(db: Database): Promise<number> {
  const [row] = await readRows<{ n: number }>(db, "MATCH (t:Tweet) RETURN count(t) AS n");
  return row!.n;
}

describe("Neo4j stopped in the middle of a load and started again", () => {
  it("the load retries through the restart or stops with one clear line; a rerun then gives exactly the graph of an uninterrupted load", async () => {
    // Big enough that the load is still running when the server stops.
    const tweets = 20_000;
    const files = await archive(5, tweets);
    const db = server.database();
    const loading = server.cli(["load", ...files, "--quiet", "--json", "--batch", "1000", "--rejects", path.join(work, "interrupted.rejects.csv")], 600_000);
    const deadline = Date.now() + 120_000;
    while ((await tweetCount(db)) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const beforeStop = await tweetCount(db);
    expect(beforeStop).toBeGreaterThan(0);

    const stopped = await server.cli(["db", "stop", "--json"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ wasRunning: true });
    const restarted = await server.cli(["db", "start", "--json"]);
    expect(restarted.code, restarted.stderr).toBe(0);

    const interrupted = await loading;
    expect(interrupted.timedOut, "the load hung").toBe(false);
    expect(hasStackTrace(interrupted.stderr), interrupted.stderr).toBe(false);
    if (interrupted.code === 0) {
      // The driver's retries (up to 60 s) outlasted the restart: the load finished by itself.
      expect(JSON.parse(interrupted.stdout)).toMatchObject({ tweets, rejected: 0 });
    } else {
      expect(expectOneLineError(interrupted, "CONNECTION_LOST")).toMatch(new RegExp(`lost the connection to Neo4j at bolt://127\\.0\\.0\\.1:${server.config.boltPort} .*hint: .*rerun`));
    }
    const afterInterrupted = await graphCounts(db);

    const rerun = await server.cli(["load", ...files, "--quiet", "--json", "--rejects", path.join(work, "rerun.rejects.csv")]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const afterRerun = await graphCounts(db);

    await emptyDatabase(db);
    const uninterrupted = await server.cli(["load", ...files, "--quiet", "--json", "--rejects", path.join(work, "uninterrupted.rejects.csv")]);
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const expected = await graphCounts(db);
    expect(beforeStop, "the server stopped mid-load").toBeLessThan(expected["node:Tweet"]!);
    expect(afterRerun).toEqual(expected);
    if (interrupted.code === 0) expect(afterInterrupted).toEqual(expected);
  }, 900_000);
});

describe("two loads of different datasets at the same time", () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
  });

  // Small batches, so that the two loads' transactions interleave many times over.
  const tweets = 10_000;

  it("both complete and leave exactly the graph of loading one after the other", async () => {
    const [first, second] = [await archive(5, tweets), await archive(6, tweets)];
    const load = (files: string[], dataset: string) =>
      runCliTimed(["load", ...files, "--dataset", dataset, "--batch", "1000", "--quiet", "--json", "--rejects", path.join(work, `${dataset}.rejects.csv`)], { timeoutMs: 300_000 });

    await emptyDatabase(db);
    for (const [files, dataset] of [[first, "seed-5"], [second, "seed-6"]] as const) {
      const result = await load(files, dataset);
      expect(result.code, result.stderr).toBe(0);
    }
    const sequential = await graphCounts(db);

    await emptyDatabase(db);
    const [a, b] = await Promise.all([load(first, "seed-5"), load(second, "seed-6")]);
    for (const result of [a, b]) {
      expect(result.timedOut).toBe(false);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ tweets, rejected: 0 });
    }
    expect(await graphCounts(db)).toEqual(sequential);
    // Different seeds share no tweet or account (hashed ids derive from the seed), only hashtags, urls and domains.
    const [split] = await readRows<{ a: number; b: number; both: number }>(
      db,
      `MATCH (t:Tweet) WHERE t.stub = false
       RETURN count(CASE WHEN 'seed-5' IN t.datasets THEN 1 END) AS a, count(CASE WHEN 'seed-6' IN t.datasets THEN 1 END) AS b,
              count(CASE WHEN 'seed-5' IN t.datasets AND 'seed-6' IN t.datasets THEN 1 END) AS both`,
    );
    expect(split).toEqual({ a: tweets, b: tweets, both: 0 });
  }, 600_000);
});

describe("analyses asked for the impossible", () => {
  let db: Database;
  const outDir = path.join(work, "runs", "never");
  const run = (args: string[]) => runCliTimed(["run", ...args, "--quiet", "--out", outDir]);
  const runsInGraph = async () => (await readRows<{ n: number }>(db, "MATCH (r:AnalysisRun) RETURN count(r) AS n"))[0]!.n;

  beforeAll(async () => {
    db = await testDatabase();
    await emptyDatabase(db);
  });

  it("on an empty database: EMPTY_DATABASE, exit 1, no run stored", async () => {
    const line = expectOneLineError(await run(["co-retweet"]), "EMPTY_DATABASE");
    expect(line).toMatch(/hint: load an archive first/);
    expect(await runsInGraph()).toBe(0);
  });

  it("on a dataset that does not exist: UNKNOWN_DATASET naming the known ones, exit 2, no run stored", async () => {
    const loaded = await runCliTimed(["load", path.join(projectRoot, "test", "fixtures", "formats", "shares.csv"), "--dataset", "known", "--quiet", "--json", "--rejects", path.join(work, "known.rejects.csv")]);
    expect(loaded.code, loaded.stderr).toBe(0);
    const line = expectOneLineError(await run(["co-retweet", "--dataset", "no-such-dataset"]), "UNKNOWN_DATASET", 2);
    expect(line).toMatch(/no dataset named "no-such-dataset" \(hint: known datasets: known\)/);
    expect(await runsInGraph()).toBe(0);
  });

  it.each([
    [["co-retweet", "--window", "-5"], /field "window": --window must be at least 0, got -5/],
    [["co-retweet", "--edge-weight", "2"], /field "edge-weight": --edge-weight must be at most 1, got 2/],
    [["co-retweet", "--resolution", "0"], /field "resolution": --resolution must be at least 0\.01, got 0/],
    [["sync", "--bin", "abc"], /field "bin": --bin must be a number, got "abc"/],
  ])("with %j: BAD_OPTION naming the option, exit 2, no run stored", async (args, message) => {
    expect(expectOneLineError(await run(args), "BAD_OPTION", 2)).toMatch(message);
    expect(await runsInGraph()).toBe(0);
    expect(fs.existsSync(outDir)).toBe(false);
  });
});

/** Loopback in the address forms /proc/net/tcp{,6} write: 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104. */
function isLoopback(hexAddress: string): boolean {
  // Each 32-bit group is written in the host's (little-endian) byte order.
  const bytes = (hexAddress.match(/.{8}/g) ?? []).flatMap((group) => [6, 4, 2, 0].map((at) => parseInt(group.slice(at, at + 2), 16)));
  if (bytes.length === 4) return bytes[0] === 127;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 15) && bytes[15] === 1) return true;
  return zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff && bytes[12] === 127;
}

interface ListeningSocket {
  address: string;
  port: number;
  inode: string;
}

function listeningSockets(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, "utf8").trim().split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [address, port] = columns[1]!.split(":");
      if (columns[3] === "0A") sockets.push({ address: address!, port: parseInt(port!, 16), inode: columns[9]! });
    }
  }
  return sockets;
}

describe("the local server's secrets and network exposure", () => {
  const port = server.config.boltPort;
  let password: string;

  beforeAll(async () => {
    password = fs.readFileSync(path.join(server.home, "auth", "password"), "utf8").trim();
    expect(password.length).toBeGreaterThanOrEqual(16);
  });

  it("keeps the password file at mode 0600 and the home folders at 0700", () => {
    expect(fs.statSync(path.join(server.home, "auth", "password")).mode & 0o777).toBe(0o600);
    for (const folder of ["", "auth", "conf", "data", "logs", "run", "import"]) {
      expect(fs.statSync(path.join(server.home, folder)).mode & 0o777, folder || "home").toBe(0o700);
    }
  });

  it("never prints the password: db start, db start --json, db status --json", async () => {
    expect(firstStart.stdout).toContain(`Neo4j started on bolt://127.0.0.1:${port}`);
    const again = await server.cli(["db", "start", "--json"]);
    const status = await server.cli(["db", "status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, address: `bolt://127.0.0.1:${port}` });
    for (const output of [firstStart, again, status]) expect(output.stdout + output.stderr).not.toContain(password);
  });

  it("reports a password the server refuses as one AUTH_FAILED line, printing neither password", async () => {
    const file = path.join(server.home, "auth", "password");
    const wrong = "wrong-" + password.split("").reverse().join("");
    fs.writeFileSync(file, `${wrong}\n`, { mode: 0o600 });
    try {
      const refused = await server.cli(["db", "status", "--json"]);
      expect(expectOneLineError(refused, "AUTH_FAILED")).toMatch(/refused the credentials \(hint: .*db reset/);
      expect(refused.stdout + refused.stderr).not.toContain(password);
      expect(refused.stdout + refused.stderr).not.toContain(wrong);
    } finally {
      fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    }
    const status = await server.cli(["db", "status", "--json"]);
    expect(status.code, status.stderr).toBe(0);
  });

  it("never writes the password to the server's logs or configuration", () => {
    const logs = path.join(server.home, "logs");
    expect(fs.existsSync(path.join(logs, "console.log"))).toBe(true);
    for (const name of fs.readdirSync(logs)) expect(fs.readFileSync(path.join(logs, name), "utf8"), name).not.toContain(password);
    expect(fs.readFileSync(path.join(server.home, "conf", "neo4j.conf"), "utf8")).not.toContain(password);
  });

  it("listens on loopback only: its Bolt port and every other socket of the server process", async () => {
    const bolt = listeningSockets().filter((s) => s.port === port);
    expect(bolt.length).toBeGreaterThan(0);
    for (const socket of bolt) expect(isLoopback(socket.address), socket.address).toBe(true);

    const status = JSON.parse((await server.cli(["db", "status", "--json"])).stdout);
    const inodes = new Set(
      fs
        .readdirSync(`/proc/${status.pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${status.pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter((inode): inode is string => inode !== undefined),
    );
    const own = listeningSockets().filter((s) => inodes.has(s.inode));
    expect(own.map((s) => s.port)).toContain(port);
    for (const socket of own) expect(isLoopback(socket.address), `${socket.address}:${socket.port}`).toBe(true);
  });

  it("recognises the loopback forms of /proc/net/tcp{,6} and nothing else", () => {
    expect(isLoopback("0100007F")).toBe(true);
    expect(isLoopback("00000000")).toBe(false);
    expect(isLoopback("00000000000000000000000001000000")).toBe(true);
    expect(isLoopback("0000000000000000FFFF00000100007F")).toBe(true);
    expect(isLoopback("00000000000000000000000000000000")).toBe(false);
    expect(isLoopback("0000000000000000FFFF00000200A8C0")).toBe(false);
  });
});
