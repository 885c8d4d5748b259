/**
 * A team server reached through NEO4J_URI over TLS: a second local server of this file's own, with
 * Bolt over TLS only (a certificate signed by a throw-away CA the test makes with openssl) and a
 * database that is not called `neo4j` (Community allows one, named when it is first created). The
 * CLI loads and analyses through `bolt+s://`, `bolt+ssc://`, `neo4j+s://` and `neo4j+ssc://` with
 * NEO4J_DATABASE, refuses what only works on the local server, and `neo4j://` reaches a plain server.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/db.ts";
import { freePort } from "./helpers/ports.ts";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-tls-"));
const home = path.join(work, "home");
const tls = path.join(work, "tls");
const database = "teamarchive";
let port: number;
let localEnv: NodeJS.ProcessEnv;
let password: string;

/** A CA, and a server certificate it signs for localhost and 127.0.0.1 (what Neo4j reads: private.key, public.crt). */
function makeCertificates(): void {
  fs.mkdirSync(tls, { mode: 0o700 });
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: tls, stdio: "pipe" });
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=coordgraph test CA");
  openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "private.key");
  openssl("req", "-new", "-key", "private.key", "-out", "server.csr", "-subj", "/CN=localhost");
  fs.writeFileSync(path.join(tls, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "public.crt", "-days", "2", "-extfile", "san.ext");
}

/** The CLI against the TLS server as a NEO4J_URI server, trusting the test CA for `+s` schemes. */
function remote(uri: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { NEO4J_URI: uri, NEO4J_USER: "neo4j", NEO4J_PASSWORD: password, NEO4J_DATABASE: database, NODE_EXTRA_CA_CERTS: path.join(tls, "ca.crt"), ...extra };
}

// The certificates are made with openssl: without it (a bare machine) this file skips with one line; in CI it never skips.
const haveOpenssl = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;
if (!haveOpenssl) {
  if (process.env.CI) throw new Error("openssl is needed for the TLS team-server test (.ci/run installs it)");
  console.warn("TLS team-server tests skipped: no openssl on PATH (apt-get install openssl).");
}

beforeAll(async () => {
  if (!haveOpenssl) return;
  makeCertificates();
  port = await freePort();
  localEnv = {
    COORDGRAPH_NEO4J_HOME: home,
    COORDGRAPH_NEO4J_PORT: String(port),
    COORDGRAPH_NEO4J_HEAP: "512m",
    COORDGRAPH_NEO4J_PAGECACHE: "256m",
    COORDGRAPH_NEO4J_BOLT_TLS: tls,
    COORDGRAPH_NEO4J_DATABASE: database,
    NEO4J_URI: "",
  };
  const start = await runCli(["db", "start", "--json"], localEnv);
  expect(start.code, start.stderr).toBe(0);
  expect(JSON.parse(start.stdout).address).toBe(`bolt+ssc://127.0.0.1:${port}`);
  password = fs.readFileSync(path.join(home, "auth", "password"), "utf8").trim();
});

afterAll(async () => {
  if (!haveOpenssl) return;
  await runCli(["db", "stop"], localEnv);
  fs.rmSync(work, { recursive: true, force: true });
});

describe.skipIf(!haveOpenssl)("a NEO4J_URI server with Bolt over TLS and its own database name", () => {
  it("loads through bolt+s:// with NEO4J_DATABASE and finds the communities", async () => {
    const env = remote(`bolt+s://localhost:${port}`);
    const load = await runCli(["load", fixture("screen-names-538-bob.csv"), fixture("screen-names-538-alice.csv"), "--dataset", "tls", "--json", "--quiet", "--rejects", path.join(work, "rejects.csv")], env);
    expect(load.code, load.stderr).toBe(0);
    expect(JSON.parse(load.stdout)).toMatchObject({ tweets: 5, rejected: 0, loadPath: "driver", screenNames: { accountsResolved: 2 } });
    const run = await runCli(["run", "communities", "--dataset", "tls", "--out", path.join(work, "communities"), "--json", "--quiet"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).counts).toMatchObject({ accounts: 2, edges: 1 });
  });

  it("answers on bolt+ssc://, neo4j+s:// and neo4j+ssc://, in the named database", async () => {
    for (const uri of [`bolt+ssc://127.0.0.1:${port}`, `neo4j+s://localhost:${port}`, `neo4j+ssc://127.0.0.1:${port}`]) {
      const status = await runCli(["db", "status", "--json"], remote(uri));
      expect(status.code, `${uri}: ${status.stderr}`).toBe(0);
      expect(JSON.parse(status.stdout), uri).toMatchObject({ mode: "external", address: uri });
      expect(JSON.parse(status.stdout).nodes, uri).toBeGreaterThan(0);
    }
  });

  it("is refused in one line without TLS, with an untrusted certificate, or with a database it does not have", async () => {
    const cases: Array<[string, NodeJS.ProcessEnv]> = [
      ["plain bolt", remote(`bolt://127.0.0.1:${port}`)],
      ["untrusted CA", remote(`bolt+s://localhost:${port}`, { NODE_EXTRA_CA_CERTS: "" })],
      ["unknown database", remote(`bolt+s://localhost:${port}`, { NEO4J_DATABASE: "nosuchdb" })],
    ];
    for (const [what, env] of cases) {
      const status = await runCli(["db", "status"], env);
      expect(status.code, what).not.toBe(0);
      expect(status.stderr.trim().split("\n"), what).toHaveLength(1);
      expect(status.stderr, what).toMatch(what === "unknown database" ? /^error\[DATABASE_NOT_FOUND\] Neo4j at bolt\+s:\/\/localhost:\d+ has no database "nosuchdb"/ : /^error\[UNREACHABLE\] cannot reach Neo4j/);
      expect(status.stderr, what).not.toContain(password);
    }
  });

  it("refuses load --bulk and db reset with one typed line, leaving the graph as it was", async () => {
    const env = remote(`bolt+s://localhost:${port}`);
    const before = JSON.parse((await runCli(["db", "status", "--json"], env)).stdout).nodes;
    const bulk = await runCli(["load", "--bulk", fixture("screen-names-v2.jsonl")], env);
    expect(bulk.code).toBe(2);
    expect(bulk.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error\[BULK_NEEDS_LOCAL_SERVER\]/)]);
    const reset = await runCli(["db", "reset", "--yes"], env);
    expect(reset.code).toBe(2);
    expect(reset.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error\[DB_RESET_NEEDS_LOCAL_SERVER\]/)]);
    expect(JSON.parse((await runCli(["db", "status", "--json"], env)).stdout).nodes).toBe(before);
  });
});

describe.skipIf(!haveOpenssl)("neo4j:// (routing, no TLS)", () => {
  it("reaches a plain server", async () => {
    // The shared test server, named as a NEO4J_URI server.
    const testHome = process.env.COORDGRAPH_NEO4J_HOME!;
    const testPassword = fs.readFileSync(path.join(testHome, "auth", "password"), "utf8").trim();
    const uri = `neo4j://127.0.0.1:${process.env.COORDGRAPH_NEO4J_PORT}`;
    const status = await runCli(["db", "status", "--json"], { NEO4J_URI: uri, NEO4J_USER: "neo4j", NEO4J_PASSWORD: testPassword, NEO4J_DATABASE: "neo4j" });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ mode: "external", address: uri });
  });
});
