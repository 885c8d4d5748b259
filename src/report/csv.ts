/**
 * The community report as CSV: one file per table (not one long file), because each table has its own
 * columns and opens directly in a spreadsheet or `read.csv`. Files, all with a header row:
 *
 * - `run.csv`: field, value — id, analysis, createdAt, `param.<name>`, `count.<name>`
 * - `communities.csv`: community, size, posts, first_day, last_day, top_hashtag, top_domain, top_label, verdict, score, name, headline, reason (strongest first for tested analyses)
 * - `members.csv`: community, rank, account_id, screen_name, display_name, role, followers, created_at, language, degree, posts, datasets, labels (every member given, not capped)
 * - `top_values.csv`: community, list (hashtag | url | domain | language | client), rank, value, count — long format
 * - `retweeted_accounts.csv`: community, rank, account_id, screen_name, count
 * - `retweeted_tweets.csv`: community, rank, tweet_id, text, count
 * - `time_series.csv`: community, series (activity | account_creation), day, count — long format
 * - `evidence.csv`: community, account_a, account_b, weight, object, time_delta_seconds, kind, label, time_a, time_b, text_a, text_b, similarity, bin_start, observed, expected, adjusted_p_value, content_a, content_b, target_kind, sharing_accounts, action_a, action_b, count_a, count_b — one row per evidence item (a pair without any gets one row with empty object); times ISO 8601 UTC; content_a and content_b are the two accounts' posts (tweet ids), to look up in the archive; the last six as in a run's evidence.csv (communities: interactions each way, shared targets)
 * - `labels.csv`: community, label, count
 * - `archive.csv` (summary runs only): list (figure | dataset | language | hashtag | domain | client | retweeted_account | creation_batch | account_creation), rank, value, count — the archive's figures and lists, long format
 *
 * Format: RFC 4180 (comma, `"` quoting with doubled quotes, fields with comma, quote or line break
 * quoted), UTF-8 without BOM, `\n` line ends. Lists inside a cell (datasets, labels) are joined with `;`.
 * Spreadsheet formula injection: a free-text cell (names, text, hashtags, URLs, labels, clients,
 * objects) starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (OWASP's
 * advice); ids and numbers are never altered, so base64 ids starting with `+` stay exact.
 */
import type { ArchiveSummary, CommunityReport } from "./types.ts";

/** File name → CSV text, file names sorted. */
export type CsvFiles = Record<string, string>;

type Cell = string | number | boolean | null | undefined;

/** A free-text cell: guarded against formula injection. */
class Text {
  constructor(readonly value: string | null | undefined) {}
}

/**
 * Renders the report as a set of CSV tables (see the module header for files and columns).
 *
 * @example
 * for (const [name, text] of Object.entries(renderCsv(report))) await writeFile(join(dir, name), text);
 */
export function renderCsv(report: CommunityReport): CsvFiles {
  const { run, communities } = report;
  const files: Record<string, Array<Array<Cell | Text>>> = {
    "run.csv": [
      ["field", "value"],
      ["id", run.id],
      ["analysis", new Text(run.analysis)],
      ["createdAt", new Text(run.createdAt)],
      ...Object.entries(run.params).map(([k, v]) => [new Text(`param.${k}`), typeof v === "number" ? v : new Text(v === null ? "" : String(v))]),
      ...Object.entries(run.counts).map(([k, v]) => [new Text(`count.${k}`), v]),
    ],
    "communities.csv": [["community", "size", "posts", "first_day", "last_day", "top_hashtag", "top_domain", "top_label", "verdict", "score", "name", "headline", "reason"]],
    "members.csv": [
      ["community", "rank", "account_id", "screen_name", "display_name", "role", "followers", "created_at", "language", "degree", "posts", "datasets", "labels"],
    ],
    "top_values.csv": [["community", "list", "rank", "value", "count"]],
    "retweeted_accounts.csv": [["community", "rank", "account_id", "screen_name", "count"]],
    "retweeted_tweets.csv": [["community", "rank", "tweet_id", "text", "count"]],
    "time_series.csv": [["community", "series", "day", "count"]],
    "evidence.csv": [
      [
        "community", "account_a", "account_b", "weight", "object", "time_delta_seconds", "kind", "label", "time_a", "time_b",
        "text_a", "text_b", "similarity", "bin_start", "observed", "expected", "adjusted_p_value", "content_a", "content_b",
        "target_kind", "sharing_accounts", "action_a", "action_b", "count_a", "count_b",
      ],
    ],
    "labels.csv": [["community", "label", "count"]],
  };

  for (const c of communities) {
    const days = c.activity.map((d) => d.day).filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d)).sort();
    const topLabel = [...(c.labelMix ?? [])].sort((a, b) => b.count - a.count)[0]?.label;
    files["communities.csv"].push([
      c.id,
      c.size,
      c.activity.reduce((sum, d) => sum + d.count, 0),
      new Text(days[0]),
      new Text(days[days.length - 1]),
      new Text(c.topHashtags[0]?.value),
      new Text(c.topDomains[0]?.value),
      new Text(topLabel),
      c.verdict,
      c.score,
      new Text(c.name),
      new Text(c.headline),
      new Text(c.reason),
    ]);
    c.members.forEach((m, i) =>
      files["members.csv"].push([
        c.id,
        i + 1,
        m.id,
        new Text(m.screenName),
        new Text(m.displayName),
        m.role,
        m.followers,
        new Text(m.createdAt),
        new Text(m.language),
        m.degree,
        m.posts,
        new Text(m.datasets.join(";")),
        new Text(m.labels.join(";")),
      ]),
    );
    const lists = [
      ["hashtag", c.topHashtags],
      ["url", c.topUrls],
      ["domain", c.topDomains],
      ["language", c.languages],
      ["client", c.clients],
    ] as const;
    for (const [list, items] of lists) {
      items.forEach((item, i) => files["top_values.csv"].push([c.id, list, i + 1, new Text(item.value), item.count]));
    }
    c.mostRetweetedAccounts.forEach((a, i) =>
      files["retweeted_accounts.csv"].push([c.id, i + 1, a.id, new Text(a.screenName), a.count]),
    );
    c.mostRetweetedTweets.forEach((t, i) => files["retweeted_tweets.csv"].push([c.id, i + 1, t.id, new Text(t.text), t.count]));
    for (const [series, points] of [
      ["activity", c.activity],
      ["account_creation", c.accountCreation],
    ] as const) {
      for (const d of points) files["time_series.csv"].push([c.id, series, new Text(d.day), d.count]);
    }
    for (const p of c.evidence) {
      const significance = [p.observed, p.expected, p.adjustedPValue];
      const items = p.items ?? [];
      if (items.length > 0) {
        for (const item of items) {
          const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
          if (item.kind === "interaction") {
            files["evidence.csv"].push([
              c.id, p.accountA, p.accountB, p.weight, null, null, item.kind, null, null, null, null, null, null, null, ...significance, null, null,
              null, null, item.action, item.action, item.countA, item.countB,
            ]);
            continue;
          }
          const object =
            item.kind === "co-share" || item.kind === "shared-target" ? item.object : item.kind === "co-text" ? `${item.contentA}~${item.contentB}` : iso(item.binStart);
          const labelled = item.kind === "co-share" || item.kind === "shared-target";
          const target = item.kind === "shared-target" ? [item.targetKind, item.sharingAccounts, item.actionA, item.actionB, item.countA, item.countB] : [null, null, null, null, null, null];
          files["evidence.csv"].push([
            c.id, p.accountA, p.accountB, p.weight, new Text(object), item.delaySeconds, item.kind,
            new Text(labelled ? item.label : null), iso(item.timeA), iso(item.timeB),
            new Text(item.kind === "co-share" ? null : item.textA), new Text(item.kind === "co-share" ? null : item.textB),
            item.kind === "co-text" ? item.similarity : null, item.kind === "sync" ? iso(item.binStart) : null, ...significance,
            item.contentA, item.contentB, ...target,
          ]);
        }
        continue;
      }
      const examples = p.examples.length > 0 ? p.examples : [null];
      for (const e of examples) {
        files["evidence.csv"].push([c.id, p.accountA, p.accountB, p.weight, new Text(e?.object), e?.timeDeltaSeconds, null, null, null, null, null, null, null, null, ...significance, null, null, null, null, null, null, null, null]);
      }
    }
    for (const l of c.labelMix ?? []) files["labels.csv"].push([c.id, new Text(l.label), l.count]);
  }

  if (report.archive) files["archive.csv"] = archiveRows(report.archive);

  const out: CsvFiles = {};
  for (const name of Object.keys(files).sort()) out[name] = files[name].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
  return out;
}

/** A summary run's figures and lists in one long table: figures carry their value, list entries a rank and count. */
function archiveRows(archive: ArchiveSummary): Array<Array<Cell | Text>> {
  const rows: Array<Array<Cell | Text>> = [["list", "rank", "value", "count"]];
  for (const [key, value] of Object.entries(archive.figures)) rows.push([`figure.${key}`, null, typeof value === "number" ? value : new Text(value), null]);
  const lists = [
    ["dataset", archive.datasets],
    ["language", archive.languages],
    ["hashtag", archive.hashtags],
    ["domain", archive.domains],
    ["client", archive.clients],
  ] as const;
  for (const [list, items] of lists) items.forEach((item, i) => rows.push([list, i + 1, new Text(item.value), item.count]));
  archive.retweetedAccounts.forEach((a, i) => rows.push(["retweeted_account", i + 1, a.id, a.count]));
  archive.creationBatches.forEach((d, i) => rows.push(["creation_batch", i + 1, new Text(d.day), d.count]));
  archive.accountCreation.forEach((d, i) => rows.push(["account_creation", i + 1, new Text(d.day), d.count]));
  return rows;
}

/** One RFC 4180 field; free text guarded against formula injection. */
function csvField(cell: Cell | Text): string {
  let value: string;
  if (cell instanceof Text) {
    value = cell.value ?? "";
    if (/^[=+\-@\t\r]/.test(value)) value = `'${value}`;
  } else if (cell === null || cell === undefined || (typeof cell === "number" && !Number.isFinite(cell))) {
    value = "";
  } else {
    value = String(cell);
  }
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
