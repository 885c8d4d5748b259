/**
 * The typed errors coordgraph raises. Every error a user can act on carries a stable `code`
 * (scripts match on it, never on the message), an optional location (file, line, field) and a hint.
 * The CLI prints them as one line; stack traces only with `--debug`.
 */

export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class CoordgraphError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } & ErrorLocation = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.location = { file: options.file, line: options.line, field: options.field };
  }

  /** One line for the terminal: `error[CODE] file:line field: message (hint)`. */
  toOneLine(): string {
    const { file, line, field } = this.location;
    const where = [file ? (line !== undefined ? `${file}:${line}` : file) : undefined, field ? `field "${field}"` : undefined]
      .filter(Boolean)
      .join(" ");
    return `error[${this.code}]${where ? ` ${where}:` : ""} ${this.message}${this.hint ? ` (hint: ${this.hint})` : ""}`;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.location, hint: this.hint };
  }
}

/** Bad user input: options out of range, unknown analysis, unknown dataset. */
export class UsageError extends CoordgraphError {}

/** Input data that cannot be read: unknown header, broken row, bad value. */
export class InputError extends CoordgraphError {}

/** The database: server missing, not reachable, port taken, Java missing. */
export class DatabaseError extends CoordgraphError {}

/** Something an analysis cannot do with the data it was given (e.g. an empty projection). */
export class AnalysisError extends CoordgraphError {}
