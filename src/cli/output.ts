/** How commands talk to the user: text or `--json` on stdout, progress and notes on stderr. */

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
}

/** Prints a result: JSON (one document) with `--json`, else the text lines. */
export function emit(options: OutputOptions, value: unknown, text: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${text()}\n`);
}

/** A logger for side notes (server start, warnings) on stderr, silent with --quiet or --json. */
export function noteLogger(options: OutputOptions): (line: string) => void {
  return (line) => {
    if (!options.quiet && !options.json) process.stderr.write(`${line}\n`);
  };
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
