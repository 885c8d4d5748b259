/**
 * The local server's memory follows the archive, not the machine: a small default for a new or small
 * store, growing with the store up to a share of RAM; COORDGRAPH_NEO4J_HEAP/_PAGECACHE still override.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverConfigFromEnv, serverMemoryFor, type LocalServerConfig } from "../src/db/config.ts";
import { startMemory } from "../src/db/server.ts";

const GiB = 1024 ** 3;
const machine = 24 * GiB;

describe("serverMemoryFor", () => {
  it("gives a new database 1 GiB of heap and 512 MiB of page cache, not a share of the machine", () => {
    expect(serverMemoryFor(0, machine)).toEqual({ heap: "1024m", pageCache: "512m" });
  });

  it("holds a 1M-tweet store (about 2.7 GB) in the page cache", () => {
    const store = 2.7 * GiB;
    const memory = serverMemoryFor(store, machine);
    expect(parseInt(memory.pageCache, 10) * 1024 * 1024).toBeGreaterThan(store);
    expect(memory.heap).toBe("2407m");
  });

  it("stops at 20% (heap) and 25% (page cache) of RAM for an IRA-sized store", () => {
    expect(serverMemoryFor(20 * GiB, machine)).toEqual({ heap: "4915m", pageCache: "6144m" });
  });

  it("never goes above 8 GiB each, however large the machine", () => {
    expect(serverMemoryFor(100 * GiB, 256 * GiB)).toEqual({ heap: "8192m", pageCache: "8192m" });
  });

  it("keeps its floor on a machine too small for it", () => {
    expect(serverMemoryFor(0, 2 * GiB)).toEqual({ heap: "1024m", pageCache: "512m" });
  });
});

describe("startMemory", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-memory-"));
  const config = (env: Record<string, string> = {}) => serverConfigFromEnv({ COORDGRAPH_NEO4J_HOME: home, ...env }) as LocalServerConfig;

  it("sizes a start from the store on disk when the environment says nothing", () => {
    fs.mkdirSync(path.join(home, "data", "databases", "neo4j"), { recursive: true });
    fs.writeFileSync(path.join(home, "data", "databases", "neo4j", "store"), Buffer.alloc(8 * 1024 * 1024));
    expect(startMemory(config())).toEqual(serverMemoryFor(8 * 1024 * 1024));
  });

  it("takes COORDGRAPH_NEO4J_HEAP and COORDGRAPH_NEO4J_PAGECACHE as given", () => {
    expect(startMemory(config({ COORDGRAPH_NEO4J_HEAP: "3g", COORDGRAPH_NEO4J_PAGECACHE: "2g" }))).toEqual({ heap: "3g", pageCache: "2g" });
  });
});
