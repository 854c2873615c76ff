// `npm run bench`: bundle size, cold init, warm overhead, rejection cost, synth scale and the
// cost of hostile requests, each against a baseline measured in the same run, then the queued
// delivery drills. Prints one table and the drills' figures; asserts nothing.
// `npm run bench -- hostile` (or handlers, synth, async) runs only those parts;
// `npm run bench -- handlers --handlers get-task,cancel-task` measures only those handlers' size and cold init.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runAsyncDrills } from './async-drills';
import { buildBundles, kibibytes } from './bundles';
import { coldInit } from './cold-init';
import { hostile } from './hostile';
import { synthScale } from './synth';
import { type Row, renderTable } from './table';
import { warm } from './warm';

const COLD_PROCESSES = 21;
const WARM = { warmup: 300, samples: 2000 };
const SYNTH_SIZES = [1, 10, 100];
const SYNTH = { warmup: 3, repetitions: 7 };
const HOSTILE = { warmup: 100, samples: 300, repetitions: 15 };
/** The CPU budget for judging any body up to 256 KiB. */
const HOSTILE_TARGET_MS = 20;

const PARTS = ['handlers', 'synth', 'hostile', 'async'] as const;
const { values, positionals: chosen } = parseArgs({ options: { handlers: { type: 'string' } }, allowPositionals: true });
const only = values.handlers?.split(',').map((name) => name.trim());
for (const part of chosen) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`unknown bench part ${part}; the parts are ${PARTS.join(', ')}`);
}
const wanted = (part: (typeof PARTS)[number]) => chosen.length === 0 || chosen.includes(part);

/** What a handler's cold init is held to, against a naive bundle of its source. */
const COLD_INIT_TARGETS: Record<string, string> = { 'get-task': '≤ 0.30×', 'update-task': '≤ 0.30×', 'cancel-task': '≤ 0.30×' };

const progress = (step: string) => process.stderr.write(`bench: ${step}\n`);

async function main(): Promise<void> {
  const rows: Row[] = [];
  if (wanted('handlers')) await handlerRows(rows);
  if (wanted('synth')) synthRows(rows);
  if (wanted('hostile')) await hostileRows(rows);

  const cpu = cpus();
  console.log(`Machine: ${cpu[0].model}, ${cpu.length} cores, Node.js ${process.version}, ${process.platform}/${process.arch}\n`);
  if (rows.length > 0) console.log(renderTable(rows));

  if (wanted('async')) {
    const drills = await runAsyncDrills(progress);
    console.log(`\nQueued delivery (npm run bench:async; picture in bench/results/burst-drill.svg):\n${drills.join('\n')}`);
  }
}

async function handlerRows(rows: Row[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  try {
    progress(`building ${only ? only.join(', ') : 'the handlers'} as shipped and naively`);
    const bundles = await buildBundles(dir, only);
    for (const b of bundles) {
      rows.push({
        measure: 'bundle size',
        subject: `assets/${b.name}/index.js`,
        value: kibibytes(b.shipped),
        baseline: 'naive bundle',
        baselineValue: kibibytes(b.naive),
        unit: 'KiB',
      });
    }
    for (const b of bundles) {
      progress(`cold init of ${b.name}, ${COLD_PROCESSES} processes per bundle`);
      const cold = coldInit(b, COLD_PROCESSES);
      rows.push({
        measure: `cold init, median of ${COLD_PROCESSES}`,
        subject: b.name,
        value: cold.shipped,
        baseline: 'naive bundle',
        baselineValue: cold.naive,
        unit: 'ms',
        target: COLD_INIT_TARGETS[b.name] ?? '≤ 0.50×',
      });
    }
    if (only) return;

    const startTask = bundles.find((b) => b.name === 'start-task')!;
    progress(`warm requests, ${WARM.samples} of each after ${WARM.warmup} warm-up`);
    const w = await warm(startTask.shipped, WARM);
    rows.push(
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
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function synthRows(rows: Row[]): void {
  progress(`synth of 1 TaskApi + N ScheduledTasks, N = ${SYNTH_SIZES.join(', ')}`);
  const [one, ...more] = synthScale(SYNTH_SIZES, SYNTH);
  for (const s of [one, ...more]) {
    rows.push({
      measure: `app.synth(), median of ${SYNTH.repetitions}`,
      subject: `N = ${s.scheduledTasks}`,
      value: s.synthMs,
      baseline: 'N = 1',
      baselineValue: one.synthMs,
      unit: 'ms',
    });
  }
  for (const s of [one, ...more]) {
    rows.push({
      measure: 'AWS::Lambda::Function',
      subject: `N = ${s.scheduledTasks}`,
      value: s.lambdaFunctions,
      baseline: 'N = 1',
      baselineValue: one.lambdaFunctions,
      unit: 'count',
      target: '1.00×',
    });
  }
}

async function hostileRows(rows: Row[]): Promise<void> {
  progress(`hostile corpus: CPU time of each request, median of ${HOSTILE.repetitions}, against a valid request`);
  const { cases, validCpuMs } = await hostile(join(__dirname, '..', 'assets', 'start-task', 'index.js'), HOSTILE);
  const measure = `CPU per request, median of ${HOSTILE.repetitions}`;
  const baseline = `valid request (median of ${HOSTILE.samples})`;
  for (const c of cases) {
    rows.push({ measure, subject: `${c.name} → ${c.status}`, value: c.cpuMs, baseline, baselineValue: validCpuMs, unit: 'ms' });
  }
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
