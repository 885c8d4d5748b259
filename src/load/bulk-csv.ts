/**
 * CSV files in the shape `neo4j-admin database import full` reads: a header naming each column's
 * property and type (`time:double`, `id:ID(Tweet)`, `:START_ID(Account)`), then one row per node or
 * relationship. An empty unquoted field is a property the source lacked (the importer stores nothing,
 * as the driver path's `SET` of a missing field stores nothing), so an empty string is written `""`;
 * other strings are quoted only when they hold a quote (doubled, RFC 4180), a comma or a line break.
 * Writes go through a buffer flushed synchronously: memory stays flat however large the archive.
 */
import fs from "node:fs";
import type { PropertyType, PropertyValue } from "./properties.ts";

const BUFFER_BYTES = 1 << 20;

export class ImportCsvFile {
  private readonly fd: number;
  // Rows are encoded straight into one reused buffer: no long strings for the garbage collector to copy.
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    this.fd = fs.openSync(path, "w");
    this.append(`${header.join(",")}\n`);
  }

  /** Appends one row of already-encoded fields. */
  row(fields: string): void {
    this.append(`${fields}\n`);
    this.rows++;
  }

  private append(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        fs.writeSync(this.fd, text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  flush(): void {
    let offset = 0;
    while (offset < this.used) offset += fs.writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A string field: quoted when empty (else it would read as missing) or when it holds a quote, comma or line break. */
export function quoted(value: string): string {
  if (value.length > 0 && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/** A property value of the given type; missing values are an empty unquoted field. */
export function field(value: PropertyValue | undefined, type: PropertyType): string {
  if (value === undefined) return "";
  if (type === "string") return quoted(String(value));
  // Doubles as JavaScript prints them ("1498147412543", "1.5e+21"): Java parses both back to the same double.
  return String(value);
}

/** Header cells of typed properties, in order. */
export function propertyHeader(properties: Readonly<Record<string, PropertyType>>): string[] {
  return Object.entries(properties).map(([name, type]) => `${name}:${type}`);
}
