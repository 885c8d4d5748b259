/**
 * `evidence.csv` in a run directory: the evidence behind each tie of the run's network, one row per
 * item (a shared object, a matched text pair, a co-active time bin). Written by the runner from
 * `RunResult.evidence`; read back, streaming, by reports and the viewer for the ties they show.
 *
 * Columns (empty where a kind has no such field):
 * `source, target, kind, object, label, content_a, content_b, text_a, text_b, time_a, time_b,
 * delay_seconds, similarity, bin_start, bin_seconds, target_kind, sharing_accounts, action_a, action_b,
 * count_a, count_b`. Times are ISO 8601 UTC with milliseconds, so the file reads as it is in a
 * spreadsheet. The last six came with communities' evidence, appended so the others keep their places:
 * an `interaction` row says what A did to B (`action_a`, `count_a` times) and B to A; a `shared-target`
 * row names the target (`target_kind`, `object`, `label`), how many archive accounts share it, and each
 * account's earliest post amplifying it (`content_*`, `time_*`, `text_*`), how (`action_*`) and how
 * many of its posts did (`count_*`).
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse";
import type {
  AmplifyingAction,
  CoShareEvidence,
  CoTextEvidence,
  EvidenceItem,
  InteractionAction,
  InteractionEvidence,
  SharedTargetEvidence,
  SharedTargetKind,
  SyncEvidence,
  TieEvidence,
} from "./model.ts";

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
  "target_kind",
  "sharing_accounts",
  "action_a",
  "action_b",
  "count_a",
  "count_b",
] as const;

type EvidenceRow = Record<(typeof EVIDENCE_COLUMNS)[number], string | number | null>;

const iso = (ms: number): string => new Date(ms).toISOString();

/** One CSV row per item of each tie, in the order given. */
export function* evidenceRows(evidence: Iterable<TieEvidence>): Generator<EvidenceRow> {
  for (const tie of evidence) {
    for (const item of tie.items) yield evidenceRow(tie.source, tie.target, item);
  }
}

function evidenceRow(source: string, target: string, item: EvidenceItem): EvidenceRow {
  const row: EvidenceRow = Object.fromEntries(EVIDENCE_COLUMNS.map((column) => [column, null])) as EvidenceRow;
  Object.assign(row, { source, target, kind: item.kind });
  if (item.kind === "interaction") {
    return Object.assign(row, { action_a: item.action, action_b: item.action, count_a: item.countA, count_b: item.countB });
  }
  Object.assign(row, { content_a: item.contentA, content_b: item.contentB, time_a: iso(item.timeA), time_b: iso(item.timeB), delay_seconds: item.delaySeconds });
  switch (item.kind) {
    case "co-share":
      return Object.assign(row, { object: item.object, label: item.label });
    case "co-text":
      return Object.assign(row, { text_a: item.textA, text_b: item.textB, similarity: item.similarity });
    case "sync":
      return Object.assign(row, { text_a: item.textA, text_b: item.textB, bin_start: iso(item.binStart), bin_seconds: item.binSeconds });
    case "shared-target":
      return Object.assign(row, {
        object: item.object,
        label: item.label,
        text_a: item.textA,
        text_b: item.textB,
        target_kind: item.targetKind,
        sharing_accounts: item.sharingAccounts,
        action_a: item.actionA,
        action_b: item.actionB,
        count_a: item.countA,
        count_b: item.countB,
      });
  }
}

/** The unordered key of a tie: the same for (a, b) and (b, a). */
export function tieKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

const INTERACTION_ACTIONS: readonly string[] = ["retweet", "quote", "reply", "mention"] satisfies InteractionAction[];
const AMPLIFYING_ACTIONS: readonly string[] = ["retweet", "quote", "reply", "mention", "link"] satisfies AmplifyingAction[];
const SHARED_TARGET_KINDS: readonly string[] = ["account", "tweet", "link"] satisfies SharedTargetKind[];

/** An item as stored (A is the row's source), or null for a row this version cannot read. */
function itemFromRow(row: Record<string, string>): EvidenceItem | null {
  if (row.kind === "interaction") {
    const countA = Number(row.count_a);
    const countB = Number(row.count_b);
    if (!INTERACTION_ACTIONS.includes(row.action_a ?? "") || !Number.isInteger(countA) || !Number.isInteger(countB)) return null;
    return { kind: "interaction", action: row.action_a as InteractionAction, countA, countB } satisfies InteractionEvidence;
  }
  const timeA = Date.parse(row.time_a ?? "");
  const timeB = Date.parse(row.time_b ?? "");
  const delaySeconds = Number(row.delay_seconds);
  if (!Number.isFinite(timeA) || !Number.isFinite(timeB) || !Number.isFinite(delaySeconds)) return null;
  const common = { contentA: row.content_a ?? "", contentB: row.content_b ?? "", timeA, timeB, delaySeconds };
  const texts = { textA: row.text_a || null, textB: row.text_b || null };
  switch (row.kind) {
    case "co-share":
      return { kind: "co-share", object: row.object ?? "", label: row.label || null, ...common } satisfies CoShareEvidence;
    case "co-text":
      return { kind: "co-text", ...texts, similarity: Number(row.similarity), ...common } satisfies CoTextEvidence;
    case "sync":
      // Runs written before sync rows carried texts leave text_a/text_b empty: null, as for an unknown text.
      return { kind: "sync", binStart: Date.parse(row.bin_start ?? ""), binSeconds: Number(row.bin_seconds), ...texts, ...common } satisfies SyncEvidence;
    case "shared-target": {
      const sharingAccounts = Number(row.sharing_accounts);
      const countA = Number(row.count_a);
      const countB = Number(row.count_b);
      if (!SHARED_TARGET_KINDS.includes(row.target_kind ?? "") || !AMPLIFYING_ACTIONS.includes(row.action_a ?? "") || !AMPLIFYING_ACTIONS.includes(row.action_b ?? "")) return null;
      if (![sharingAccounts, countA, countB].every(Number.isInteger)) return null;
      return {
        kind: "shared-target",
        targetKind: row.target_kind as SharedTargetKind,
        object: row.object ?? "",
        label: row.label || null,
        sharingAccounts,
        ...common,
        ...texts,
        actionA: row.action_a as AmplifyingAction,
        actionB: row.action_b as AmplifyingAction,
        countA,
        countB,
      } satisfies SharedTargetEvidence;
    }
    default:
      return null;
  }
}

/**
 * The item as the tie's other account sees it: every A and B field swapped (posts, times, texts,
 * actions, counts). Stored items have the tie's source as A; readers that show a tie from its target's
 * side (a report row, a viewer panel) mirror them.
 *
 * @example
 * mirrorEvidenceItem({ kind: "interaction", action: "mention", countA: 2, countB: 0 }); // { ..., countA: 0, countB: 2 }
 */
export function mirrorEvidenceItem(item: EvidenceItem): EvidenceItem {
  switch (item.kind) {
    case "interaction":
      return { ...item, countA: item.countB, countB: item.countA };
    case "co-share":
      return { ...item, ...mirroredPosts(item) };
    case "co-text":
    case "sync":
      return { ...item, ...mirroredPosts(item), textA: item.textB, textB: item.textA };
    case "shared-target":
      return { ...item, ...mirroredPosts(item), textA: item.textB, textB: item.textA, actionA: item.actionB, actionB: item.actionA, countA: item.countB, countB: item.countA };
  }
}

function mirroredPosts(item: { contentA: string; contentB: string; timeA: number; timeB: number }) {
  return { contentA: item.contentB, contentB: item.contentA, timeA: item.timeB, timeB: item.timeA };
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
      const item = itemFromRow(row);
      // Items are stored as the tie's source saw them; a row written (target, source) is mirrored.
      if (item) tie.items.push(source === tie.source ? item : mirrorEvidenceItem(item));
    }
  } finally {
    input.destroy();
  }
  return found;
}
