/** One line of the results: a figure, the baseline measured in the same run, and their ratio. */
export interface Row {
  readonly measure: string;
  readonly subject: string;
  readonly value: number;
  readonly baseline: string;
  readonly baselineValue: number;
  readonly unit: Unit;
  readonly target?: string;
}

export type Unit = 'KiB' | 'ms' | 'µs' | 'count';

const format = (value: number, unit: Unit) =>
  unit === 'count' ? String(value) : `${value.toFixed(unit === 'KiB' || value >= 100 ? 1 : value >= 10 ? 2 : 3)} ${unit}`;

/** The rows as one aligned plain-text table (it also reads as Markdown). */
export function renderTable(rows: readonly Row[]): string {
  const header = ['measure', 'subject', 'value', 'baseline', 'baseline value', 'ratio', 'target'];
  const lines = rows.map((r) => [
    r.measure,
    r.subject,
    format(r.value, r.unit),
    r.baseline,
    format(r.baselineValue, r.unit),
    `${(r.value / r.baselineValue).toFixed(2)}×`,
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}
