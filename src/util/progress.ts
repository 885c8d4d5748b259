/**
 * Progress for long work: a bar with rows/s and ETA on a TTY (stderr), nothing with --quiet,
 * --json or when stderr is not a TTY (logs and CI stay clean).
 */
import cliProgress from "cli-progress";

export interface Progress {
  /** Sets the absolute amount done (and optionally the total, e.g. bytes of input). */
  update(done: number, extra?: { total?: number; rows?: number }): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function createProgress(label: string, total: number, options: { quiet?: boolean; json?: boolean; unit?: string } = {}): Progress {
  if (options.quiet || options.json || !process.stderr.isTTY) return silent;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { rows: 0, rate: 0 });
  return {
    update(done, extra = {}) {
      if (extra.total !== undefined) bar.setTotal(Math.max(extra.total, 1));
      const rows = extra.rows ?? done;
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rows, rate: seconds > 0 ? Math.round(rows / seconds) : 0 });
    },
    stop() {
      bar.stop();
    },
  };
}
