/**
 * `run communities` against the real Neo4j on archives whose accounts amplify the same outside
 * accounts, tweets and links but seldom name one another (test/fixtures/communities: three teams, an
 * IO-release layout and a FiveThirtyEight layout with account_category labels).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readRunDirectory } from "../src/engine/runs.ts";
import { compareWithLabels } from "../src/core/validate.ts";
import type { Database } from "../src/db/driver.ts";
import { loadArchive } from "../src/load/load.ts";
import type { RunResult } from "../src/run/model.ts";
import { emptyDatabase, runCli, testDatabase } from "./helpers/db.ts";
import { fixturesDir } from "./helpers/fixtures.ts";

const fixture = path.join(fixturesDir, "communities");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "coordgraph-communities-"));
const teams = JSON.parse(fs.readFileSync(path.join(fixture, "teams.json"), "utf8")) as Array<{ team: string | null; ioId: string; fivethirtyeightId: string }>;
let db: Database;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadArchive(db, [path.join(fixture, "io-tweets.csv"), path.join(fixture, "io-users.csv")], { dataset: "io", rejectsFile: path.join(work, "io-rejects.csv") });
  await loadArchive(db, [path.join(fixture, "fivethirtyeight.csv")], { dataset: "fte", rejectsFile: path.join(work, "fte-rejects.csv") });
});

async function run(name: string, args: string[]): Promise<{ dir: string; result: RunResult; summary: Record<string, unknown> }> {
  const dir = path.join(work, name);
  const cli = await runCli(["run", "communities", ...args, "--out", dir, "--json", "--quiet"]);
  expect(cli.code, cli.stderr).toBe(0);
  return { dir, result: readRunDirectory(dir).result, summary: JSON.parse(cli.stdout).summary };
}

/** Team of each team account, by its id in the chosen layout. */
function teamOf(layout: "ioId" | "fivethirtyeightId"): Map<string, string> {
  return new Map(teams.filter((t) => t.team !== null).map((t) => [t[layout], t.team!]));
}

describe("run communities on an archive whose accounts amplify the same targets", () => {
  it.each([
    ["io", "ioId"],
    ["fte", "fivethirtyeightId"],
  ] as const)("places the team accounts of the %s layout in groups that match their teams", async (dataset, layout) => {
    const { result } = await run(`teams-${dataset}`, ["--dataset", dataset]);
    const team = teamOf(layout);
    const partition = new Map(result.nodes.filter((n) => team.has(n.id)).map((n) => [n.id, n.community]));
    expect(partition.size).toBeGreaterThanOrEqual(0.8 * team.size);
    const agreement = compareWithLabels(partition, team);
    expect(agreement.purity).toBeGreaterThanOrEqual(0.9);
    expect(agreement.nmi).toBeGreaterThanOrEqual(0.8);
  });

  it("does not tie two teams through the targets every account names", async () => {
    const { result } = await run("popular", ["--dataset", "io"]);
    const team = teamOf("ioId");
    const crossTeam = result.edges.filter((e) => team.get(e.source) !== team.get(e.target));
    // The one cross-team tie is the fixture's single mention between teams B and C.
    expect(crossTeam.map((e) => [e.attributes.mentions, e.attributes.sharedTargets ?? 0])).toEqual([[1, 0]]);
    expect(new Set(result.nodes.map((n) => n.community)).size).toBe(3);
  });

  it("reports only the archive's accounts by default, and outside accounts with --include-outside", async () => {
    const archive = new Set(teams.map((t) => t.ioId));
    const { result: inside } = await run("inside", ["--dataset", "io"]);
    expect(inside.nodes.every((n) => archive.has(n.id))).toBe(true);
    const { result: outside } = await run("outside", ["--dataset", "io", "--include-outside"]);
    expect(outside.nodes.filter((n) => !archive.has(n.id)).length).toBeGreaterThan(100);
  });

  it("with --ties interactions, keeps the direct interactions alone, as communities did before shared targets", async () => {
    const { result, summary } = await run("interactions", ["--dataset", "io", "--ties", "interactions"]);
    const byIndex = (i: number) => teams[i].ioId;
    // The fixture's three mentions between archive accounts: A0 → A1, A2 → A3, B0 → C0.
    const expected = [
      [byIndex(0), byIndex(1)],
      [byIndex(2), byIndex(3)],
      [byIndex(8), byIndex(16)],
    ].map(([a, b]) => [a < b ? a : b, a < b ? b : a].join(" "));
    expect(result.edges.map((e) => `${e.source} ${e.target}`).sort()).toEqual(expected.sort());
    expect(result.edges.every((e) => e.weight === 1 && e.attributes.mentions === 1 && e.attributes.sharedTargets === undefined)).toBe(true);
    expect(summary.sharedTargetTies).toBeUndefined();
  });

  it("validate prints NMI and purity of a communities run against the FiveThirtyEight labels", async () => {
    const { dir } = await run("labelled", ["--dataset", "fte"]);
    const cli = await runCli(["run", "validate", "--run", dir, "--out", path.join(work, "validate")]);
    expect(cli.code, cli.stderr).toBe(0);
    const nmi = Number(/nmi: ([\d.]+)/.exec(cli.stdout)?.[1]);
    const purity = Number(/purity: ([\d.]+)/.exec(cli.stdout)?.[1]);
    expect(nmi).toBeGreaterThanOrEqual(0.8);
    expect(purity).toBeGreaterThanOrEqual(0.9);
  });

  it("writes a report of the run that names its groups", async () => {
    const { dir } = await run("report", ["--dataset", "io"]);
    const out = path.join(work, "report.md");
    const cli = await runCli(["report", dir, "--format", "md", "--out", out, "--quiet"]);
    expect(cli.code, cli.stderr).toBe(0);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain("## Communities");
    expect(md.match(/^### /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });
});
