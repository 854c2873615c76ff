import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { type FailedPart, renderTable, type Row } from './table';

/** Where `npm run bench` writes its results: the figures the docs quote come from these files. */
export const RESULTS_DIR = join(__dirname, 'results');
const JSON_FILE = join(RESULTS_DIR, 'latest.json');
const MARKDOWN_FILE = join(RESULTS_DIR, 'latest.md');

/** One part of the bench as it ended: its rows and notes, or why it failed. */
export interface PartResult {
  readonly part: string;
  readonly rows: readonly Row[];
  /** Figures that are no ratio (the drills' counts), one line each. */
  readonly notes: readonly string[];
  readonly error?: string;
  readonly seconds: number;
  /** The 1-minute load average when the part ended: the machine is shared, so absolute times move with it. */
  readonly loadAverage: number;
}

/**
 * The results of one `npm run bench`, written to bench/results/latest.json and latest.md again
 * after each part: a part that fails, or a run that is stopped, leaves the figures of the parts before it.
 */
export class BenchReport {
  private readonly parts: PartResult[] = [];
  private readonly machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${process.platform}/${process.arch}`,
    node: process.version,
  };
  private readonly startedAt = new Date().toISOString();

  constructor(private readonly command: string) {}

  add(result: PartResult): void {
    this.parts.push(result);
    mkdirSync(RESULTS_DIR, { recursive: true });
    const json = {
      command: this.command,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      machine: this.machine,
      parts: this.parts,
    };
    writeFileSync(JSON_FILE, `${JSON.stringify(json, null, 2)}\n`);
    writeFileSync(MARKDOWN_FILE, `${this.markdown()}\n`);
  }

  get failed(): boolean {
    return this.parts.some((p) => p.error !== undefined);
  }

  /** The machine line, one table of every row (a failed part as one row saying why), and the notes. */
  markdown(): string {
    const { cpu, cores, node, platform } = this.machine;
    const loads = this.parts.map((p) => p.loadAverage.toFixed(1)).join(', ');
    const notes = this.parts.flatMap((p) => p.notes.map((n) => `- ${p.part}: ${n}`));
    return [
      `\`${this.command}\`, started ${this.startedAt}`,
      '',
      `Machine: ${cpu}, ${cores} cores, Node.js ${node}, ${platform}; load average after each part: ${loads}. ` +
        'Absolute times move with the load of the shared machine; each ratio is against a baseline measured in the same run.',
      '',
      renderTable(this.parts.flatMap(tableLines)),
      ...(notes.length > 0 ? ['', ...notes] : []),
    ].join('\n');
  }
}

/** A part's lines of the table: its rows, or one line saying why it failed. */
export const tableLines = (result: PartResult): ReadonlyArray<Row | FailedPart> =>
  result.error === undefined ? result.rows : [{ failedPart: result.part, error: result.error }];

/** Runs one part, timing it; a failure becomes the part's result instead of ending the run. */
export async function runPart(part: string, measure: (notes: string[]) => Promise<Row[]> | Row[]): Promise<PartResult> {
  const started = performance.now();
  const notes: string[] = [];
  const ended = (rows: Row[], error?: string): PartResult => ({
    part,
    rows,
    notes,
    error,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    loadAverage: loadavg()[0],
  });
  try {
    return ended(await measure(notes));
  } catch (error) {
    return ended([], error instanceof Error ? error.message : String(error));
  }
}
