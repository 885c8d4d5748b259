/**
 * Hand-drawn inline SVG charts for the HTML report: no script, no external font or stylesheet, so the
 * report opens offline and under a Content-Security-Policy that forbids everything but inline style.
 * Every label passes through the escaping `html` tag.
 */
import { html, formatNumber, type SafeHtml } from "./escape.ts";
import { binDays, type BinUnit } from "./series.ts";
import type { DayCount } from "./types.ts";

/** Defaults of `BarChartOptions`, declared once. */
export const BAR_CHART_DEFAULTS = {
  width: 560,
  height: 220,
  maxBars: 120,
  /** What one unit of the y axis counts. */
  yLabel: "count",
  /** Colour of the bars. */
  color: "#4c72b0",
} as const;

export interface BarChartOptions {
  /** Accessible name and visible title of the chart. */
  title: string;
  /** Pixel width of the drawing (two charts fit side by side on a 1200 px page). Default 560. */
  width?: number;
  /** Pixel height of the drawing. Default 220. */
  height?: number;
  /** Most bars before days are binned into months, then years. Default 120. */
  maxBars?: number;
  /** Y-axis title. Default "count". */
  yLabel?: string;
  /** Bar colour. Default "#4c72b0". */
  color?: string;
}

// Room on the right for half of the last x label, centred under the last bar.
const MARGIN = { top: 28, right: 36, bottom: 44, left: 60 };
const UNIT_TITLE: Record<BinUnit, string> = { day: "day (UTC)", month: "month (UTC)", year: "year (UTC)" };

/**
 * A bar chart of daily counts over a continuous time axis (missing days drawn as empty), binned into
 * months or years when the range is long; y axis with rounded ticks, x axis with dated ticks, axis
 * titles, and a tooltip (`<title>`) on every bar.
 *
 * @example
 * barChartSvg([{ day: "2021-06-01", count: 12 }], { title: "Posts per day", yLabel: "posts" });
 */
export function barChartSvg(points: readonly DayCount[], options: BarChartOptions): SafeHtml {
  const width = options.width ?? BAR_CHART_DEFAULTS.width;
  const height = options.height ?? BAR_CHART_DEFAULTS.height;
  const yLabel = options.yLabel ?? BAR_CHART_DEFAULTS.yLabel;
  const color = options.color ?? BAR_CHART_DEFAULTS.color;
  const series = binDays(points, options.maxBars ?? BAR_CHART_DEFAULTS.maxBars);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const bottom = MARGIN.top + plotHeight;

  const frame = (content: SafeHtml | SafeHtml[]) =>
    html`<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${options.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="11"><title>${options.title}</title><text x="${MARGIN.left}" y="16" font-size="13" font-weight="600">${options.title}</text>${content}</svg>`;

  if (series.bins.length === 0) {
    return frame(
      html`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/><text x="${MARGIN.left + plotWidth / 2}" y="${MARGIN.top + plotHeight / 2}" text-anchor="middle" fill="#666">no dated data</text>`,
    );
  }

  const max = Math.max(...series.bins.map((b) => b.count));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const y = (value: number) => bottom - (value / top) * plotHeight;
  const band = plotWidth / series.bins.length;
  const barWidth = Math.max(1, band > 3 ? band * 0.85 : band);

  const bars = series.bins.map((bin, i) => {
    const x = MARGIN.left + i * band + (band - barWidth) / 2;
    const barTop = y(bin.count);
    return html`<rect x="${round(x)}" y="${round(barTop)}" width="${round(barWidth)}" height="${round(bottom - barTop)}" fill="${color}"><title>${bin.label}: ${formatNumber(bin.count)}</title></rect>`;
  });

  const yAxis = ticks.map(
    (tick) =>
      html`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${round(y(tick))}" y2="${round(y(tick))}" stroke="#e3e3e3"/><text x="${MARGIN.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end" fill="#444">${formatNumber(tick)}</text>`,
  );

  // As many x labels as fit without overlapping (about 6.5 px per character at 11 px).
  const labelWidth = series.bins[0].label.length * 6.5 + 16;
  const xAxis = xTickIndices(series.bins.length, Math.max(2, Math.floor(plotWidth / labelWidth))).map((i) => {
    const x = round(MARGIN.left + (i + 0.5) * band);
    return html`<line x1="${x}" x2="${x}" y1="${bottom}" y2="${bottom + 4}" stroke="#444"/><text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#444">${series.bins[i].label}</text>`;
  });

  const invalidNote =
    series.invalid > 0
      ? html`<text x="${MARGIN.left + plotWidth}" y="16" text-anchor="end" fill="#666">${formatNumber(series.invalid)} undated entries not shown</text>`
      : null;

  return frame([
    html`${yAxis}${bars}`,
    html`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${bottom}" y2="${bottom}" stroke="#444"/><line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}" stroke="#444"/>`,
    html`${xAxis}`,
    html`<text x="${MARGIN.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle" fill="#222">${UNIT_TITLE[series.unit]}</text>`,
    html`<text transform="translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" fill="#222">${yLabel} per ${series.unit}</text>`,
    html`${invalidNote}`,
  ]);
}

/** Ticks 0, step, 2·step, … covering `max` with a 1-2-5 step and at most about five intervals. */
function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough && s >= 1) ?? Math.max(1, 10 * magnitude);
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}

/** Up to `count` bin indices spread evenly from the first to the last bin. */
function xTickIndices(bins: number, count: number): number[] {
  if (bins <= count) return Array.from({ length: bins }, (_, i) => i);
  const indices = new Set<number>();
  for (let k = 0; k < count; k++) indices.add(Math.round((k * (bins - 1)) / (count - 1)));
  return [...indices];
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
