/** RFC 4180 CSV writing for run outputs and exports (fields quoted only when needed). */

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)))) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\n`;
}

/** Rows of objects as CSV text, with the given column order (default: keys of the first row). */
export function toCsv(rows: ReadonlyArray<Record<string, unknown>>, columns?: readonly string[]): string {
  const header = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  let out = csvLine(header);
  for (const row of rows) out += csvLine(header.map((c) => row[c]));
  return out;
}
