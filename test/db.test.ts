import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverConfigFromEnv, type LocalServerConfig } from "../src/db/config.ts";
import { cypher } from "../src/db/cypher.ts";
import { readRows, writeTx, type Database } from "../src/db/driver.ts";
import { applySchema } from "../src/db/schema.ts";
import { runningPid } from "../src/db/server.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { freePort } from "./helpers/ports.ts";

const lifecyclePort = await freePort();

describe("the graph schema on the real server", () => {
  let db: Database;
  beforeAll(async () => {
    db = await testDatabase();
    await emptyDatabase(db);
  });

  it("applies twice without error and leaves every uniqueness constraint in place", async () => {
    await applySchema(db);
    await applySchema(db);
    const rows = await readRows<{ name: string; labelsOrTypes: string[]; properties: string[]; type: string }>(db, cypher("show-constraints"));
    const keys = rows.map((r) => `${r.labelsOrTypes[0]}.${r.properties[0]}`).sort();
    expect(keys).toEqual(["Account.id", "AnalysisRun.id", "Dataset.name", "Domain.name", "Hashtag.name", "Tweet.id", "Url.url"]);
    expect(rows.every((r) => r.type === "UNIQUENESS")).toBe(true);
  });

  it("runs no schema statement when every constraint and index is already online", async () => {
    await applySchema(db);
    expect(await applySchema(db)).toEqual({ statements: 10, applied: 0 });
  });

  it("applies only the schema statements whose constraint or index is missing", async () => {
    await applySchema(db);
    await writeTx(db, (tx) => tx.run("DROP INDEX tweet_time"));
    expect(await applySchema(db)).toEqual({ statements: 10, applied: 1 });
    const [row] = await readRows<{ online: string[] }>(db, cypher("schema-check"));
    expect(row!.online).toContain("INDEX tweet_time");
  });

  it("round-trips a small graph with 64-bit ids kept as strings", async () => {
    const tweets = [
      { id: "877919995476496385", accountId: "249064136b1c5cb00a705316ab73dd9b53785748ab757f02df7e7a9876906139", text: "a, \"b\"", time: 1498147412543, hashtags: ["x", "y"] },
      { id: "877919995476496386", accountId: "2572896396", text: "c", time: 1498147412544, hashtags: ["x"] },
    ];
    await writeTx(db, (tx) => tx.run(cypher("test-roundtrip"), { tweets }));
    await writeTx(db, (tx) => tx.run(cypher("test-roundtrip"), { tweets }));
    const rows = await readRows<{ id: string; text: string; time: number; tags: string[] }>(
      db,
      "MATCH (a:Account)-[:POSTED]->(t:Tweet) OPTIONAL MATCH (t)-[:TAGS]->(h) WITH t, collect(h.name) AS tags RETURN t.id AS id, t.text AS text, t.time AS time, tags ORDER BY id",
    );
    expect(rows.map((r) => ({ ...r, tags: r.tags.sort() }))).toEqual([
      { id: "877919995476496385", text: "a, \"b\"", time: 1498147412543, tags: ["x", "y"] },
      { id: "877919995476496386", text: "c", time: 1498147412544, tags: ["x"] },
    ]);
    const [hashtags] = await readRows<{ n: number }>(db, "MATCH (h:Hashtag) RETURN count(h) AS n");
    expect(hashtags!.n).toBe(2);
  });
});

describe("a NEO4J_URI server", () => {
  it("is refused by db reset with one typed line before anything is deleted", async () => {
    const db = await testDatabase();
    await emptyDatabase(db);
    await writeTx(db, (tx) => tx.run("CREATE (:Hashtag {name: $name})", { name: "kept" }));
    // The test server itself, named by NEO4J_URI: coordgraph must treat it as a server it does not manage.
    const uri = `bolt://127.0.0.1:${process.env.COORDGRAPH_NEO4J_PORT}`;
    for (const args of [["db", "reset", "--yes"], ["db", "reset", "--yes", "--json"]]) {
      const result = await runCli(args, { NEO4J_URI: uri });
      expect(result.code).toBe(2);
      if (args.includes("--json")) expect(JSON.parse(result.stdout).error).toMatchObject({ code: "DB_RESET_NEEDS_LOCAL_SERVER" });
      else expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error\[DB_RESET_NEEDS_LOCAL_SERVER\] db reset works only on coordgraph's local server; NEO4J_URI points at bolt:/)]);
    }
    expect(await readRows(db, "MATCH (h:Hashtag) RETURN h.name AS name")).toEqual([{ name: "kept" }]);
  });
});

describe("the local server's lifecycle through the CLI", () => {
  // A second, throw-away server so the shared test server keeps running.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-lifecycle-"));
  const env = { COORDGRAPH_NEO4J_HOME: home, COORDGRAPH_NEO4J_PORT: String(lifecyclePort), COORDGRAPH_NEO4J_HEAP: "512m", COORDGRAPH_NEO4J_PAGECACHE: "256m" };
  // Passwords used to be base64url, and one home in 64 got one starting with "-", which neo4j-admin took
  // for an option (exit 64, PASSWORD_SETUP_FAILED): such a home, never started, must start.
  fs.mkdirSync(path.join(home, "auth"), { mode: 0o700 });
  fs.writeFileSync(path.join(home, "auth", "password"), "-Ab3dEf_ghIJklmnoPQrs-tuvwXYZ01\n", { mode: 0o600 });

  afterAll(async () => {
    await runCli(["db", "stop"], env);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("starts, reports a real Neo4j 5 on 127.0.0.1, starts again as a no-op, stops twice", async () => {
    const first = await runCli(["db", "start", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ mode: "local", alreadyRunning: false, createdDatabase: true, address: `bolt://127.0.0.1:${lifecyclePort}` });

    const second = await runCli(["db", "start", "--json"], env);
    expect(JSON.parse(second.stdout)).toMatchObject({ alreadyRunning: true, createdDatabase: false });

    // The start that created the database gave it its schema: the first load finds every constraint and index online.
    const migrate = await runCli(["db", "migrate", "--json"], env);
    expect(JSON.parse(migrate.stdout)).toEqual({ statements: 10, applied: 0 });

    const status = JSON.parse((await runCli(["db", "status", "--json"], env)).stdout);
    expect(status.version).toMatch(/^5\.\d+\.\d+$/);
    expect(status.address).toBe(`bolt://127.0.0.1:${lifecyclePort}`);
    expect(status.nodes).toBe(0);
    // The environment's sizes win over the store-sized defaults, and status shows what the start gave.
    expect(status).toMatchObject({ heap: "512m", pageCache: "256m" });
    const pid: number = status.pid;

    const stop = await runCli(["db", "stop", "--json"], env);
    expect(JSON.parse(stop.stdout)).toMatchObject({ wasRunning: true, pid });
    expect(() => process.kill(pid, 0)).toThrow();
    const again = await runCli(["db", "stop", "--json"], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ wasRunning: false });
  });

  it("the demo stops a server it started", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-demo-stop-"));
    const demo = await runCli(["demo", "--tweets", "3000", "--accounts", "120", "--out", out, "--json", "--quiet"], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout).serverStopped).toBe(true);
    expect(runningPid(serverConfigFromEnv({ ...process.env, ...env }) as LocalServerConfig)).toBeUndefined();
    fs.rmSync(out, { recursive: true, force: true });
  }, 300_000);

  it("keeps the password in a file only the user can read, and never prints it", async () => {
    const password = fs.readFileSync(path.join(home, "auth", "password"), "utf8").trim();
    expect(fs.statSync(path.join(home, "auth", "password")).mode & 0o077).toBe(0);
    const status = await runCli(["db", "status", "--json"], env);
    expect(status.stdout + status.stderr).not.toContain(password);
  });

  it("reports a port already in use as one clear line", async () => {
    // Whatever port the kernel gives the blocker: a fixed one may be held by another program already.
    const blocker = net.createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const result = await runCli(["db", "start"], { ...env, COORDGRAPH_NEO4J_PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(new RegExp(`^error\\[PORT_IN_USE\\] port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    } finally {
      blocker.close();
    }
  });

  it("reports a missing Java as one clear line", async () => {
    const result = await runCli(["db", "start"], { ...env, COORDGRAPH_JAVA: "/nonexistent/bin/java" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^error\[JAVA_MISSING\] Java was not found/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("asks for confirmation before a reset", async () => {
    const result = await runCli(["db", "reset"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error\[CONFIRMATION_REQUIRED\]/);
  });
});
