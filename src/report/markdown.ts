/**
 * The community report as GitHub-flavoured Markdown: tables for lists, text sparklines for the time
 * series. No raw HTML is emitted and every value from the data goes through `escapeMarkdown` (or
 * `markdownId` for ids), so names and tweets cannot open a tag, a link, a code span or a table cell.
 * URLs stay plain text: GitHub autolinks only http(s) and www ones, never `javascript:`.
 */
import { escapeMarkdown as md, formatClock, formatNumber, formatPValueCell, formatPercent, markdownId, ownDisplayName, shortId, verdictWords } from "./escape.ts";
import { binDays, peakBin, sparkline } from "./series.ts";
import { reportHeader } from "./header.ts";
import { counted, emptyRunExplanation, formatCount, formatDuration, formatExpectation, nounFor, readableTweetText } from "../run/words.ts";
import type { EvidenceItem } from "../run/model.ts";
import { interactionWords, sharedTargetWords } from "../run/evidence-words.ts";
import { resolveRenderOptions, type ArchiveSummary, type CommunityReport, type DayCount, type ReportCommunity, type RenderOptions } from "./types.ts";

/**
 * Renders the report as GitHub-flavoured Markdown.
 *
 * @example
 * await writeFile("report.md", renderMarkdown(report, { top: 20 }));
 */
export function renderMarkdown(report: CommunityReport, options: RenderOptions = {}): string {
  const settings = resolveRenderOptions(options);
  const { run } = report;
  const header = reportHeader(report);
  const lines: string[] = [
    `# ${md(header.title)}`,
    "",
    `**${md(run.analysis)}** run ${markdownId(run.id)} · created ${md(header.created)}`,
    "",
    "## Parameters",
    "",
    ...table(
      ["Parameter", "Value"],
      header.parameters.map((p) => [md(p.label), md(p.value)]),
    ),
    "",
    report.archive ? "## The archive" : "## Figures",
    "",
    ...table(
      ["Figure", "Value"],
      header.figures.map((f) => [md(f.label), md(f.value)]),
      [false, true],
    ),
    "",
  ];
  if (header.guide.length > 0) lines.push("## How to read this report", "", ...header.guide.flatMap((line) => [md(line), ""]));
  if (report.archive) return joinLines([...lines, ...archiveSection(report.archive, settings)]);
  lines.push(report.communities.some((c) => c.verdict !== undefined) ? "## Groups, strongest first" : "## Communities", "");
  if (report.communities.length === 0) lines.push(md(emptyRunExplanation(run.analysis, 0) ?? "No groups in this run."), "");
  else if (report.communities.some((c) => c.verdict !== undefined)) {
    lines.push(
      ...table(
        ["Group", "Verdict", "Accounts", "What they did"],
        report.communities.map((c) => [`${c.id}${c.name ? ` (${md(c.name)})` : ""}`, md(verdictWords(c.verdict)), formatNumber(c.size), md(c.headline ?? "")]),
        [false, false, true, false],
      ),
      "",
    );
  } else {
    lines.push(
      ...table(
        ["Community", "Accounts", "Top hashtags", "Top label"],
        report.communities.map((c) => [
          String(c.id),
          formatNumber(c.size),
          c.topHashtags.slice(0, 3).map((h) => md(`#${h.value}`)).join(", "),
          md([...(c.labelMix ?? [])].sort((a, b) => b.count - a.count)[0]?.label ?? "–"),
        ]),
        [false, true, false, false],
      ),
      "",
    );
  }
  for (const community of report.communities) lines.push(...communitySection(community, settings));
  return joinLines(lines);
}

/** Lines as one document: no runs of blank lines, one final newline. */
function joinLines(lines: readonly string[]): string {
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

type Settings = Required<RenderOptions>;

function communitySection(c: ReportCommunity, settings: Settings): string[] {
  const names = new Map(c.members.map((m) => [m.id, m.shortName ?? shortId(m.id)]));

  const shown = c.members.slice(0, settings.top);
  const more = Math.max(0, c.size - shown.length);
  const lines: string[] = [
    `## Group ${c.id}${c.name ? `: ${md(c.name)}` : ""}`,
    "",
    `${counted(c.size, "account")}.${c.verdict !== undefined ? ` Verdict: **${md(verdictWords(c.verdict))}**.` : ""}`,
    "",
    ...(c.headline ? [`**${md(c.headline)}**`, ""] : []),
    ...(c.reason ? [`Why: ${md(c.reason)}.`, ""] : []),
    seriesLine("Activity", "posts", c.activity, settings.maxBars),
    "",
    seriesLine("Account creation", "accounts", c.accountCreation, settings.maxBars),
    "",
    "### Members",
    "",
    ...table(
      ["#", "Account", "Id", "Name shown", "Role", "Followers", "Created", "Lang.", "Degree", "Posts", "Datasets", "Labels"],
      shown.map((m, i) => [
        String(i + 1),
        account(m.id, m.shortName ?? m.screenName),
        markdownId(m.id),
        md(ownDisplayName(m) ?? ""),
        m.role === "member" ? "" : md(m.role),
        formatNumber(m.followers),
        md(m.createdAt ?? "–"),
        md(m.language ?? "–"),
        formatNumber(m.degree),
        formatNumber(m.posts),
        md(m.datasets.join(", ")),
        md(m.labels.join(", ")),
      ]),
      [true, false, false, false, false, true, false, false, true, true, false, false],
    ),
  ];
  if (more > 0) lines.push("", `… and ${formatNumber(more)} more ${nounFor(more, "account")}.`);
  lines.push("");

  const lists: CountedTable[] = [
    ["Hashtags", "Hashtag", c.topHashtags.map((h) => ({ cell: md(`#${h.value}`), count: h.count }))],
    ["Domains", "Domain", c.topDomains.map((d) => ({ cell: md(d.value), count: d.count }))],
    ["URLs", "URL", c.topUrls.map((u) => ({ cell: md(u.value), count: u.count }))],
    ["Languages", "Language", c.languages.map((l) => ({ cell: md(l.value), count: l.count }))],
    ["Clients", "Client", c.clients.map((x) => ({ cell: md(x.value), count: x.count }))],
    ["Most retweeted accounts", "Account", c.mostRetweetedAccounts.map((a) => ({ cell: account(a.id, a.screenName), count: a.count }))],
  ];
  lines.push(...countedTables(lists, settings));

  const tweets = c.mostRetweetedTweets.slice(0, settings.topItems);
  if (tweets.length > 0) {
    lines.push(
      "### Most retweeted tweets",
      "",
      ...table(["Retweets", "Tweet", "Text"], tweets.map((t) => [formatNumber(t.count), markdownId(t.id), md(readableTweetText(t.text))]), [true, false, false]),
    );
    if (c.mostRetweetedTweets.length > tweets.length) lines.push("", `… and ${formatNumber(c.mostRetweetedTweets.length - tweets.length)} more.`);
    lines.push("");
  }

  const pairs = c.evidence.slice(0, settings.topEvidence);
  if (pairs.length > 0) {
    const tested = pairs.some((p) => p.observed !== undefined);
    const itemised = tested || pairs.some((p) => (p.items ?? []).length > 0);
    lines.push(
      tested ? "### Evidence: the ties least explained by chance" : "### Evidence: strongest pairs",
      "",
      ...table(
        ["Account A", "Account B", ...(tested ? ["Co-actions (chance)", "Adjusted p"] : ["Weight"]), itemised ? "What they did together" : "Examples (object, seconds apart)"],
        pairs.map((p) => {
          const items = p.items ?? [];
          const examples =
            items.length > 0
              ? items.slice(0, settings.examplesPerPair).map(evidenceText)
              : p.examples.slice(0, settings.examplesPerPair).map((e) => `${md(e.object)} (Δ ${formatNumber(e.timeDeltaSeconds)} s)`);
          if (items.length === 0 && p.examples.length > settings.examplesPerPair) examples.push(`… and ${formatNumber(p.examples.length - settings.examplesPerPair)} more`);
          const numbers = tested ? [`${formatCount(p.observed ?? p.weight)} (${formatExpectation(p.expected ?? 0)})`, md(formatPValueCell(p.adjustedPValue))] : [formatNumber(p.weight)];
          return [account(p.accountA, names.get(p.accountA)), account(p.accountB, names.get(p.accountB)), ...numbers, examples.join("; ")];
        }),
        [false, false, true, ...(tested ? [true] : []), false],
      ),
    );
    if (c.evidence.length > pairs.length) lines.push("", `… and ${formatNumber(c.evidence.length - pairs.length)} more pairs.`);
    lines.push("");
  }

  if (c.labelMix !== undefined && c.labelMix.length > 0) {
    const total = c.labelMix.reduce((sum, l) => sum + l.count, 0);
    lines.push(
      "### Ground-truth labels",
      "",
      ...table(["Label", "Accounts", "Share"], c.labelMix.map((l) => [md(l.label), formatNumber(l.count), formatPercent(l.count / total)]), [false, true, true]),
      "",
    );
  }
  return lines;
}

/**
 * A short name or screen name when it is one (not the id, at most 20 characters), else a short id.
 * No "@" before screen names: GitHub would turn it into a link to a GitHub user of that name. Short
 * names in tables; the members table has the full ids in a column of their own.
 */
function account(id: string, name: string | null | undefined): string {
  return md(name && name.length <= 20 && name !== id ? name : shortId(id));
}

/** A titled list of counted cells, as one Markdown table: title, column header, rows. */
type CountedTable = [title: string, header: string, items: Array<{ cell: string; count: number }>];

/** Each non-empty list as a table of its first `topItems` rows, and how many more there are. */
function countedTables(lists: readonly CountedTable[], settings: Settings): string[] {
  const lines: string[] = [];
  for (const [title, header, items] of lists) {
    if (items.length === 0) continue;
    const top = items.slice(0, settings.topItems);
    lines.push(`### ${title}`, "", ...table([header, "Count"], top.map((i) => [i.cell, formatNumber(i.count)]), [false, true]));
    if (items.length > top.length) lines.push("", `… and ${formatNumber(items.length - top.length)} more.`);
    lines.push("");
  }
  return lines;
}

/** A summary run's lists: datasets, languages, hashtags, sites, clients, retweeted accounts, creation batches. */
function archiveSection(archive: ArchiveSummary, settings: Settings): string[] {
  const lists: CountedTable[] = [
    ["Datasets", "Dataset", archive.datasets.map((d) => ({ cell: md(d.value), count: d.count }))],
    ["Languages", "Language", archive.languages.map((l) => ({ cell: md(l.value), count: l.count }))],
    ["Hashtags", "Hashtag", archive.hashtags.map((h) => ({ cell: md(`#${h.value}`), count: h.count }))],
    ["Linked sites", "Site", archive.domains.map((d) => ({ cell: md(d.value), count: d.count }))],
    ["Clients", "Client", archive.clients.map((c) => ({ cell: md(c.value), count: c.count }))],
    ["Most retweeted accounts", "Account", archive.retweetedAccounts.map((a) => ({ cell: account(a.id, a.screenName), count: a.count }))],
    ["Days with a batch of new accounts", "Day", archive.creationBatches.map((d) => ({ cell: md(d.day), count: d.count }))],
  ];
  const chart = seriesLine("Account creation", "accounts", archive.accountCreation, settings.maxBars);
  return ["## What the archive holds", "", chart, "", ...countedTables(lists, settings)];
}

/** "**Activity** (posts per day, 2021-06-01 to 2021-06-30; total 1,234; peak 120 on 2021-06-12): `▁▂█`" */
function seriesLine(title: string, what: string, points: readonly DayCount[], maxBars: number): string {
  const series = binDays(points, maxBars);
  const undated = series.invalid > 0 ? `; ${formatNumber(series.invalid)} undated entries not shown` : "";
  if (series.bins.length === 0) return `**${title}**: no dated data${undated}.`;
  const first = series.bins[0].label;
  const last = series.bins[series.bins.length - 1].label;
  const peak = peakBin(series.bins)!;
  return `**${title}** (${what} per ${series.unit}, ${md(first)} to ${md(last)}; total ${formatNumber(series.total)}; peak ${formatNumber(peak.count)} ${series.unit === "day" ? "on" : "in"} ${md(peak.label)}${undated}): \`${sparkline(series.bins)}\``;
}

/** One evidence item as a line of Markdown: what was shared or posted, and when. */
function evidenceText(item: EvidenceItem): string {
  // Communities: "account name", not "@name", which GitHub would link to a GitHub user of that name.
  if (item.kind === "interaction") return md(interactionWords(item, "A", "B"));
  if (item.kind === "shared-target") return md(sharedTargetWords(item, "A", "B", { at: "account ", clock: formatClock }));
  const times = `A ${formatClock(item.timeA)}, B ${formatClock(item.timeB)}, ${formatNumber(item.delaySeconds)} s apart`;
  const cut = (raw: string) => {
    const text = readableTweetText(raw);
    return md(text.length > 140 ? `${text.slice(0, 139)}…` : text);
  };
  if (item.kind === "co-share") return `${cut(item.label ?? item.object)} (${times})`;
  if (item.kind === "co-text") return `A: ${cut(item.textA ?? item.contentA)} / B: ${cut(item.textB ?? item.contentB)} (${times}; similarity ${formatNumber(item.similarity)})`;
  const posts = item.textA || item.textB ? ` A: ${cut(item.textA ?? item.contentA)} / B: ${cut(item.textB ?? item.contentB)}` : "";
  return `both in the ${formatDuration(item.binSeconds)} window starting ${formatClock(item.binStart)}:${posts} (${times})`;
}

/** A GFM table; cells must already be escaped. `numeric[i]` right-aligns column i. */
function table(headers: string[], rows: string[][], numeric: boolean[] = []): string[] {
  const align = headers.map((_, i) => (numeric[i] ? "---:" : "---"));
  return [`| ${headers.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((row) => `| ${row.map((cell) => cell || " ").join(" | ")} |`)];
}
