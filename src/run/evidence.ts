/**
 * `evidence.csv` in a run directory: the evidence behind each tie of the run's network, one row per
 * item (a shared object, a matched text pair, a co-active time bin). Written by the runner from
 * `RunResult.evidence`; read back, streaming, by reports and the viewer for the ties they show.
 *
 * Columns (empty where a kind has no such field):
 * `source, target, kind, object, label, content_a, content_b, text_a, text_b, time_a, time_b,
 * delay_seconds, similarity, bin_start, bin_seconds`. Times are ISO 8601 UTC with milliseconds, so the
 * file reads as it is in a spreadsheet.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import type { CoShareEvidence, CoTextEvidence, EvidenceItem, SyncEvidence, TieEvidence } from "./model.ts";

export const EVIDENCE_FILE = "evidence.csv";

export const EVIDENCE_COLUMNS = [
  "source",
  "target",
  "kind",
  "object",
  "label",
  "content_a",
  "content_b",
  "text_a",
  "text_b",
  "time_a",
  "time_b",
  "delay_seconds",
  "similarity",
  "bin_start",
  "bin_seconds",
] as const;

type EvidenceRow = Record<(typeof EVIDENCE_COLUMNS)[number], string | number | null>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** One CSV row per item of each tie, in the order given. */
export function* evidenceRows(evidence: Iterable<TieEvidence>): Generator<EvidenceRow> {
  for (const tie of evidence) {
    for (const item of tie.items) {
      const row: EvidenceRow = {
        source: tie.source,
        target: tie.target,
        kind: item.kind,
        object: null,
        label: null,
        content_a: item.contentA,
        content_b: item.contentB,
        text_a: null,
        text_b: null,
        time_a: iso(item.timeA),
        time_b: iso(item.timeB),
        delay_seconds: item.delaySeconds,
        similarity: null,
        bin_start: null,
        bin_seconds: null,
      };
      if (item.kind === "co-share") {
        row.object = item.object;
        row.label = item.label;
      } else if (item.kind === "co-text") {
        row.text_a = item.textA;
        row.text_b = item.textB;
        row.similarity = item.similarity;
      } else {
        row.text_a = item.textA;
        row.text_b = item.textB;
        row.bin_start = iso(item.binStart);
        row.bin_seconds = item.binSeconds;
      }
      yield row;
    }
  }
}

/** The unordered key of a tie: the same for (a, b) and (b, a). */
export function tieKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function itemFromRow(row: Record<string, string>, swapped: boolean): EvidenceItem | null {
  const timeA = Date.parse(row.time_a ?? "");
  const timeB = Date.parse(row.time_b ?? "");
  const delaySeconds = Number(row.delay_seconds);
  if (!Number.isFinite(timeA) || !Number.isFinite(timeB) || !Number.isFinite(delaySeconds)) return null;
  // Items are stored as the tie's source saw them; a reader asking for (target, source) gets them mirrored.
  const a = { content: row.content_a ?? "", time: timeA, text: row.text_a || null };
  const b = { content: row.content_b ?? "", time: timeB, text: row.text_b || null };
  const [first, second] = swapped ? [b, a] : [a, b];
  const common = { contentA: first.content, contentB: second.content, timeA: first.time, timeB: second.time, delaySeconds };
  switch (row.kind) {
    case "co-share":
      return { kind: "co-share", object: row.object ?? "", label: row.label || null, ...common } satisfies CoShareEvidence;
    case "co-text":
      return { kind: "co-text", textA: first.text, textB: second.text, similarity: Number(row.similarity), ...common } satisfies CoTextEvidence;
    case "sync":
      // Runs written before sync rows carried texts leave text_a/text_b empty: null, as for an unknown text.
      return { kind: "sync", binStart: Date.parse(row.bin_start ?? ""), binSeconds: Number(row.bin_seconds), textA: first.text, textB: second.text, ...common } satisfies SyncEvidence;
    default:
      return null;
  }
}

export interface ReadEvidenceOptions {
  /** Only these ties (keys from {@link tieKey}); all ties when absent. */
  ties?: ReadonlySet<string>;
  /** Items kept per tie, in file order (the analysis writes the most telling first). Default 5. */
  perTie?: number;
}

/**
 * Streams a run's `evidence.csv`, keeping up to `perTie` items for each wanted tie, keyed by
 * {@link tieKey}. A run without the file (older runs, analyses without evidence) gives an empty map.
 *
 * @example
 * const evidence = await readTieEvidence("runs/co-retweet-20261201-101500-000", { ties: new Set([tieKey(a, b)]) });
 * evidence.get(tieKey(a, b))?.items[0]; // { kind: "co-share", object: "1234", label: "RT ...", delaySeconds: 4, ... }
 */
export async function readTieEvidence(outDir: string, options: ReadEvidenceOptions = {}): Promise<Map<string, TieEvidence>> {
  const perTie = options.perTie ?? 5;
  const found = new Map<string, TieEvidence>();
  const file = path.join(outDir, EVIDENCE_FILE);
  if (!fs.existsSync(file) || perTie <= 0) return found;
  const input = fs.createReadStream(file);
  const rows = input.pipe(parse({ columns: true, skip_empty_lines: true, relax_column_count: true })) as AsyncIterable<Record<string, string>>;
  try {
    for await (const row of rows) {
      const source = row.source ?? "";
      const target = row.target ?? "";
      const key = tieKey(source, target);
      if (options.ties && !options.ties.has(key)) continue;
      let tie = found.get(key);
      if (tie === undefined) {
        // Normalise to the lower id first, so a caller's (a, b) order never matters.
        tie = { source: source < target ? source : target, target: source < target ? target : source, items: [] };
        found.set(key, tie);
      }
      if (tie.items.length >= perTie) continue;
      const item = itemFromRow(row, source !== tie.source);
      if (item) tie.items.push(item);
    }
  } finally {
    input.destroy();
  }
  return found;
}
