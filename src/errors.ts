/**
 * The typed errors coordgraph raises. Every error a user can act on carries a stable `code`
 * (scripts match on it, never on the message), an optional location (file, line, field) and a hint.
 * The CLI prints them as one line; stack traces only with `--debug`.
 */

/**
 * Every stable error code, grouped by the class that raises it. A code names one failure: a bad
 * option is `BAD_OPTION` wherever it is checked (CLI, API, core).
 */
export type ErrorCode =
  // UsageError: the request itself
  | "BAD_OPTION"
  | "BAD_HOST"
  | "CONFIRMATION_REQUIRED"
  | "COTEXT_FINISHED"
  | "DATABASE_NOT_EMPTY"
  | "FAST_FLAGS_MISMATCH"
  | `${string}_NEEDS_LOCAL_SERVER`
  | "OUT_DIR_UNWRITABLE"
  | "OUT_UNWRITABLE"
  | "RUN_FILES_MISSING"
  | "RUN_NOT_FOUND"
  | "SYNTH_OUT_DIR"
  | "UNKNOWN_ANALYSIS"
  | "UNKNOWN_DATASET"
  | "VIEWER_BUNDLE_MISSING"
  // InputError: the data read
  | "BAD_GZIP"
  | "BAD_HEADER"
  | "BAD_ROW"
  | "BAD_ZIP"
  | "COTEXT_BAD_TIME"
  | "MISSING_COLUMNS"
  | "NOT_FOUND"
  | "NO_INPUT_FILES"
  | "READ_FAILED"
  | "RUN_DAMAGED"
  | "SYNC_BAD_TIME"
  | "SYNC_COLUMNS_MISMATCH"
  | "UNKNOWN_FORMAT"
  | "UNSUPPORTED_ENCODING"
  // DatabaseError: the server
  | "AUTH_FAILED"
  | "BULK_IMPORT_FAILED"
  | "BULK_OUT_OF_MEMORY"
  | "CONNECTION_LOST"
  | "DATABASE_NOT_FOUND"
  | "JAVA_MISSING"
  | "JAVA_TOO_OLD"
  | "MAVEN_MISSING"
  | "PASSWORD_SETUP_FAILED"
  | "PORT_IN_USE"
  | "PROVISION_FAILED"
  | "SERVER_RUNNING"
  | "START_FAILED"
  | "START_LOCKED"
  | "START_TIMEOUT"
  | "UNREACHABLE"
  // AnalysisError: what an analysis cannot do with its data
  | "EMPTY_DATABASE"
  | "EMPTY_SCOPE"
  | "INVALID_EDGE_WEIGHT"
  | "INVALID_TARGET"
  | "MIXED_GRAPH"
  | "NO_LABELLED_ACCOUNTS"
  | "PAGERANK_NOT_CONVERGED"
  | "SYNC_SPAN_TOO_LARGE";

export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class CoordgraphError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly location: ErrorLocation;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } & ErrorLocation = {}) {
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
