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

/** A part of the bench that failed: one line of the table saying why, in place of its rows. */
export interface FailedPart {
  readonly failedPart: string;
  readonly error: string;
}

export type Unit = 'KiB' | 'ms' | 'µs' | 'count' | 's' | '/s';

const format = (value: number, unit: Unit) =>
  unit === 'count' ? String(value) : `${value.toFixed(unit === 'KiB' || value >= 100 ? 1 : value >= 10 ? 2 : 3)} ${unit}`;

const cells = (line: Row | FailedPart): string[] =>
  'failedPart' in line
    ? [line.failedPart, 'FAILED', line.error.split('\n')[0], '', '', '', '']
    : [
        line.measure,
        line.subject,
        format(line.value, line.unit),
        line.baseline,
        format(line.baselineValue, line.unit),
        `${(line.value / line.baselineValue).toFixed(2)}×`,
        line.target ?? '',
      ];

/** The lines as one aligned plain-text table (it also reads as Markdown). */
export function renderTable(lines: ReadonlyArray<Row | FailedPart>): string {
  const header = ['measure', 'subject', 'value', 'baseline', 'baseline value', 'ratio', 'target'];
  const body = lines.map(cells).map((l) => l.map((c) => c.replace(/\|/g, '\\|')));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((l) => l[i].length)));
  const render = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...body.map(render)].join('\n');
}
