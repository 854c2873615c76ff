// `npm run bench`: bundle size, cold init, warm overhead, rejection cost, synth scale and the
// cost of hostile requests, each against a baseline measured in the same run, the hostile HTTP
// corpus against `npm start -- --async --auth iam` (how many requests misbehaved), then the queued
// delivery drills. Each part prints its rows when it ends, and bench/results/latest.json and
// latest.md are written again: a part that fails says why in its row, and the others still run.
// The handlers' own log and metric lines go to bench/results/handler-logs.ndjson. Asserts nothing.
// `npm run bench -- hostile` (or handlers, overhead, synth, async) runs only those parts;
// `npm run bench -- handlers --handlers get-task,cancel-task` measures only those handlers' size and cold init.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAsyncDrills } from './async-drills';
import { buildBundles, type HandlerBundles, kibibytes } from './bundles';
import { coldInit } from './cold-init';
import { HANDLER_LOG, startHandlerLog } from './handler-logs';
import { hostile } from './hostile';
import { runHostileHttpCorpus } from './hostile-http';
import { HOSTILE_HTTP_CORPUS } from './hostile-http-corpus';
import { overhead } from './overhead';
import { BenchReport, type PartResult, RESULTS_DIR, runPart, tableLines } from './report';
import { synthScale } from './synth';
import { renderTable, type Row } from './table';
import { warm } from './warm';

const COLD_PROCESSES = 21;
const WARM = { warmup: 300, samples: 2000 };
const OVERHEAD = { warmup: 300, samples: 1500 };
const SYNTH_SIZES = [1, 10, 100];
const SYNTH = { warmup: 3, repetitions: 7 };
const HOSTILE = { warmup: 100, samples: 300, repetitions: 15 };
/** The CPU budget for judging any body up to 256 KiB. */
const HOSTILE_TARGET_MS = 20;

const GROUPS = ['handlers', 'overhead', 'synth', 'hostile', 'async'] as const;
const { values, positionals: chosen } = parseArgs({ options: { handlers: { type: 'string' } }, allowPositionals: true });
const only = values.handlers?.split(',').map((name) => name.trim());
for (const group of chosen) {
  if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`unknown bench part ${group}; the parts are ${GROUPS.join(', ')}`);
}
const wanted = (group: (typeof GROUPS)[number]) => chosen.length === 0 || chosen.includes(group);

/** What a handler's cold init is held to, against a naive bundle of its source. */
const COLD_INIT_TARGET = '≤ 0.20×';

const progress = (step: string) => process.stderr.write(`bench: ${step}\n`);

async function main(): Promise<void> {
  startHandlerLog();
  const report = new BenchReport(['npm run bench', ...process.argv.slice(2)].join(' -- ').replace(' -- --', ' --'));
  const done = (result: PartResult) => {
    report.add(result);
    console.log(
      `\n${result.part} (${result.seconds} s, load average ${result.loadAverage.toFixed(1)}):\n${renderTable(tableLines(result))}`,
    );
    for (const note of result.notes) console.log(`- ${note}`);
  };

  if (wanted('handlers')) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
    try {
      progress(`building ${only ? only.join(', ') : 'the handlers'} as shipped and naively`);
      const built = buildBundles(dir, only);
      done(await runPart('bundle size', async () => bundleRows(await built)));
      done(await runPart('cold init', async () => coldInitRows(await built)));
      if (!only) done(await runPart('warm request', async () => warmRows(await built)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (wanted('overhead')) done(await runPart('warm path, piece by piece', overheadRows));
  if (wanted('synth')) done(await runPart('synth', synthRows));
  if (wanted('hostile')) {
    done(await runPart('hostile corpus', hostileRows));
    done(await runPart('hostile HTTP corpus, npm start -- --async --auth iam', hostileHttpRows));
  }
  if (wanted('async')) {
    done(
      await runPart('queued delivery drills', async (notes) => {
        const { lines, rows } = await runAsyncDrills(progress);
        notes.push(...lines, 'picture: bench/results/burst-drill.svg');
        return rows;
      }),
    );
  }
  console.log(`\n${report.markdown().split('\n')[2]}`);
  console.log(`Written to ${join(RESULTS_DIR, 'latest.md')} and latest.json; the handlers' log lines to ${HANDLER_LOG}.`);
  if (report.failed) process.exitCode = 1;
}

function bundleRows(bundles: readonly HandlerBundles[]): Row[] {
  return bundles.map((b) => ({
    measure: 'bundle size',
    subject: `assets/${b.name}/index.js`,
    value: kibibytes(b.shipped),
    baseline: 'naive bundle',
    baselineValue: kibibytes(b.naive),
    unit: 'KiB',
  }));
}

function coldInitRows(bundles: readonly HandlerBundles[]): Row[] {
  return bundles.map((b) => {
    progress(`cold init of ${b.name}, ${COLD_PROCESSES} processes per bundle`);
    const cold = coldInit(b, COLD_PROCESSES);
    return {
      measure: `cold init, median of ${COLD_PROCESSES}`,
      subject: b.name,
      value: cold.shipped,
      baseline: 'naive bundle',
      baselineValue: cold.naive,
      unit: 'ms',
      target: COLD_INIT_TARGET,
    };
  });
}

async function warmRows(bundles: readonly HandlerBundles[]): Promise<Row[]> {
  const startTask = bundles.find((b) => b.name === 'start-task')!;
  progress(`warm requests, ${WARM.samples} of each after ${WARM.warmup} warm-up`);
  const w = await warm(startTask.shipped, WARM);
  return [
    {
      measure: 'warm valid request p50',
      subject: 'start-task handler',
      value: w.handler.p50,
      baseline: 'raw SDK call p50',
      baselineValue: w.rawSdk.p50,
      unit: 'ms',
      target: '≤ 1.10×',
    },
    {
      measure: 'warm valid request p99',
      subject: 'start-task handler',
      value: w.handler.p99,
      baseline: 'raw SDK call p99',
      baselineValue: w.rawSdk.p99,
      unit: 'ms',
      target: '≤ 1.15×',
    },
    {
      measure: 'invalid request p50',
      subject: 'start-task handler',
      value: w.rejection.p50,
      baseline: 'JSON.parse body p50',
      baselineValue: w.jsonParse.p50,
      unit: 'µs',
    },
    {
      measure: 'invalid request p99',
      subject: 'start-task handler',
      value: w.rejection.p99,
      baseline: 'JSON.parse body p99',
      baselineValue: w.jsonParse.p99,
      unit: 'µs',
    },
  ];
}

async function overheadRows(): Promise<Row[]> {
  progress('the warm path of POST /tasks, piece by piece, against the raw SDK call');
  const o = await overhead(join(__dirname, '..', 'assets', 'start-task', 'index.js'), OVERHEAD);
  const baseline = 'raw SDK call, CPU p50';
  const row = (measure: string, subject: string, us: number, target?: string): Row => ({
    measure,
    subject,
    value: us,
    baseline,
    baselineValue: o.rawSdkCpuUs,
    unit: 'µs',
    target,
  });
  const all = [...o.pieces, ...o.sdkPieces];
  return [
    ...o.pieces.map((p) => row('warm path piece, median of rounds', p.name, p.us)),
    ...o.sdkPieces.map((p) => row(`Connect call setting, CPU p50 of ${OVERHEAD.samples}`, p.name, p.us)),
    row(
      'warm path, all pieces',
      'sum of the rows above',
      all.reduce((sum, p) => sum + p.us, 0),
    ),
    row(`warm valid request, CPU p50 of ${OVERHEAD.samples}`, 'start-task handler', o.handlerCpuUs, '≤ 1.10×'),
  ];
}

function synthRows(): Row[] {
  progress(`synth of 1 TaskApi + N ScheduledTasks, N = ${SYNTH_SIZES.join(', ')}`);
  const [one, ...more] = synthScale(SYNTH_SIZES, SYNTH);
  const all = [one, ...more];
  return [
    ...all.map((s): Row => ({
      measure: `app.synth(), median of ${SYNTH.repetitions}`,
      subject: `N = ${s.scheduledTasks}`,
      value: s.synthMs,
      baseline: 'N = 1',
      baselineValue: one.synthMs,
      unit: 'ms',
    })),
    ...all.map((s): Row => ({
      measure: 'AWS::Lambda::Function',
      subject: `N = ${s.scheduledTasks}`,
      value: s.lambdaFunctions,
      baseline: 'N = 1',
      baselineValue: one.lambdaFunctions,
      unit: 'count',
      target: '1.00×',
    })),
  ];
}

async function hostileRows(): Promise<Row[]> {
  progress(`hostile corpus: CPU time of each request, median of ${HOSTILE.repetitions}, against a valid request`);
  const { cases, validCpuMs } = await hostile(join(__dirname, '..', 'assets', 'start-task', 'index.js'), HOSTILE);
  const measure = `CPU per request, median of ${HOSTILE.repetitions}`;
  const baseline = `valid request (median of ${HOSTILE.samples})`;
  const rows: Row[] = cases.map((c) => ({
    measure,
    subject: `${c.name} → ${c.status}`,
    value: c.cpuMs,
    baseline,
    baselineValue: validCpuMs,
    unit: 'ms',
  }));
  const worst = cases.reduce((a, b) => (b.cpuMs > a.cpuMs ? b : a));
  rows.push({
    measure: 'hostile corpus, worst case',
    subject: worst.name,
    value: worst.cpuMs,
    baseline,
    baselineValue: validCpuMs,
    unit: 'ms',
    target: `≤ ${HOSTILE_TARGET_MS} ms`,
  });
  return rows;
}

/** The flags the HTTP corpus runs `npm start` with: no Connect throttle, deliveries fast enough to settle in seconds. */
const HOSTILE_HTTP_FLAGS = ['--async', '--auth', 'iam', '--throttle', 'off', '--rate', '20'];

/** Per class of the HTTP corpus: how many of its requests misbehaved (no answer, a wrong one, or the endpoint died). */
async function hostileHttpRows(notes: string[]): Promise<Row[]> {
  progress(`hostile HTTP corpus: ${HOSTILE_HTTP_CORPUS.length} requests against npm start ${HOSTILE_HTTP_FLAGS.join(' ')}`);
  const { outcomes, requests, restarts } = await runHostileHttpCorpus(HOSTILE_HTTP_CORPUS, HOSTILE_HTTP_FLAGS, progress);
  const kinds = [...new Set(outcomes.map((o) => o.kind))];
  const misbehaved = outcomes.filter((o) => o.problem);
  notes.push(
    `${outcomes.length} cases, ${requests} requests written; ${misbehaved.length} misbehaved; the endpoint was started again ${restarts} times`,
    ...misbehaved.map((o) => `misbehaved: [${o.kind}] ${o.name}: ${o.problem}`),
  );
  return kinds.map((kind) => ({
    measure: 'hostile HTTP requests that misbehaved',
    subject: kind,
    value: outcomes.filter((o) => o.kind === kind && o.problem).length,
    baseline: 'requests of the class',
    baselineValue: outcomes.filter((o) => o.kind === kind).length,
    unit: 'count',
    target: '0',
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
