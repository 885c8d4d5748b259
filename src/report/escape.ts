/**
 * Output encoding for report text that comes from the archive. Campaign data is adversarial by
 * nature (names and tweets can hold markup), so the HTML renderer builds every fragment with the
 * `html` template tag, which escapes each interpolated value unless it is already `SafeHtml`:
 * forgetting to escape is not possible. Links are only ever made from http(s) URLs.
 */

/** A fragment of HTML (or SVG) built from escaped parts. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What `html` accepts between `${}`: text (escaped), numbers, fragments, lists of them; null/false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/**
 * Template tag that escapes every interpolated value for HTML text and quoted attribute values.
 *
 * @example
 * html`<td>${name}</td>`; // name "<b>" renders as "&lt;b&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += renderValue(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * Escapes text for HTML (and XML/SVG) text and quoted attribute values.
 *
 * @example
 * escapeHtml(`"><img src=x>`); // "&quot;&gt;&lt;img src=x&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * The URL itself when it is an absolute http(s) URL, else null: the only URLs that become links
 * (no `javascript:`, `data:`, `file:` or relative links, whatever the case or leading spaces).
 *
 * @example
 * safeHttpUrl("javascript:alert(1)"); // null
 */
export function safeHttpUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Escapes text for an inline position in GitHub-flavoured Markdown (a table cell, or after fixed
 * text on a line): no emphasis, code span, link, HTML, entity, math, strikethrough or cell boundary can
 * come out of it. `<`, `>` and `&` become entities (so the output holds no raw `<`); `\ ` * _ [ ] | ~ $`
 * are backslash-escaped; line breaks become spaces because a table row is one line. Characters that
 * only matter at the start of a line (`#`, `-`, `>`, digits) are left alone: callers never put data there.
 *
 * @example
 * escapeMarkdown("a|b <script>"); // "a\\|b &lt;script&gt;"
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, " ")
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]);
}

/**
 * An id in Markdown: a code span when it is made of id characters (digits, hex, base64, base64url), so
 * hashed ids show exactly as released; escaped text otherwise.
 *
 * @example
 * markdownId("dGVzdA+/="); // "`dGVzdA+/=`"
 */
export function markdownId(id: string): string {
  return /^[A-Za-z0-9+/=_.-]+$/.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

/**
 * Formats a number for people: thousands separators, at most three decimals, independent of locale.
 *
 * @example
 * formatNumber(1234567.891); // "1,234,567.891"
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  if (Math.abs(value) >= 1e21) return String(value);
  const rounded = Math.round(value * 1000) / 1000;
  const [whole, fraction] = Math.abs(rounded).toString().split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${rounded < 0 ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

/**
 * Formats a share in [0, 1] as a percentage with one decimal.
 *
 * @example
 * formatPercent(0.4567); // "45.7%"
 */
export function formatPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : "–";
}

/** A group's verdict in words ("weak" reads "weak / possible chance"); "–" for runs without verdicts. */
export function verdictWords(verdict: "strong" | "moderate" | "weak" | undefined): string {
  return verdict === undefined ? "–" : { strong: "strong", moderate: "moderate", weak: "weak / possible chance" }[verdict];
}

/** An id as short as a reader needs: whole up to 20 characters, else its first 8 and "…" (the full id stays beside it or on hover). */
export function shortId(id: string): string {
  return id.length > 20 ? `${id.slice(0, 8)}…` : id;
}

/** A p-value for a table: "3e-12", "0.0041"; "–" when the tie was not tested. */
export function formatPValueCell(value: number | undefined): string {
  if (value === undefined) return "–";
  return value < 1e-4 ? value.toExponential(0) : value.toPrecision(2);
}

/** Unix ms as "2016-03-01 12:00:03 UTC". */
export function formatClock(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC` : "?";
}

/**
 * An account's display name when it says something its id and screen name do not: hashed accounts
 * carry the hash as their display name too, and printing it beside the id again only widens tables.
 *
 * @example
 * ownDisplayName({ id: "06ffc7…", screenName: "06ffc7…", displayName: "06ffc7…" }); // null
 */
export function ownDisplayName(member: { id: string; screenName?: string | null; displayName?: string | null }): string | null {
  const name = member.displayName?.trim();
  return name && name !== member.id && name !== member.screenName ? name : null;
}
