import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { ScheduledTask, TaskApi, TaskSchedule, TaskTarget } from '../lib';
import { FLOW_ID, INSTANCE_ARN } from './lambda-env';
import { median, msSince } from './stats';

export interface SynthResult {
  readonly scheduledTasks: number;
  readonly synthMs: number;
  readonly lambdaFunctions: number;
}

/** A stack with one TaskApi and `n` ScheduledTasks, as a consumer would write it. */
function appWith(n: number, outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'BenchStack');
  const target = TaskTarget.contactFlow(FLOW_ID);
  new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, defaultTarget: target });
  for (let i = 0; i < n; i++) {
    new ScheduledTask(stack, `Task${i}`, {
      instanceArn: INSTANCE_ARN,
      target,
      name: `Quarterly review ${i}`,
      schedule: TaskSchedule.after(Duration.hours(2)),
      attributes: { account: String(i) },
    });
  }
  return app;
}

function synthOnce(n: number): { ms: number; lambdaFunctions: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  try {
    const app = appWith(n, outdir);
    const start = process.hrtime.bigint();
    const assembly = app.synth();
    const ms = msSince(start);
    const { Resources } = assembly.getStackByName('BenchStack').template as { Resources: Record<string, { Type: string }> };
    const resources = Object.values(Resources);
    return { ms, lambdaFunctions: resources.filter((r) => r.Type === 'AWS::Lambda::Function').length };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Median `app.synth()` time of a fresh app per size, and its Lambda functions. The first synths
 * of a process load and compile most of aws-cdk-lib, so they are run and dropped first; the
 * sizes then take turns, so drift in the machine's load hits each alike.
 */
export function synthScale(sizes: readonly number[], { warmup, repetitions }: { warmup: number; repetitions: number }): SynthResult[] {
  for (let i = 0; i < warmup; i++) synthOnce(Math.max(...sizes));
  const runs = sizes.map(() => [] as Array<{ ms: number; lambdaFunctions: number }>);
  for (let i = 0; i < repetitions; i++) sizes.forEach((n, j) => runs[j].push(synthOnce(n)));
  return sizes.map((n, j) => ({
    scheduledTasks: n,
    synthMs: median(runs[j].map((r) => r.ms)),
    lambdaFunctions: Math.max(...runs[j].map((r) => r.lambdaFunctions)),
  }));
}
