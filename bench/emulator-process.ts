import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeed } from '../emulator';

/**
 * The Connect emulator in a process of its own, so its CPU time is not counted as the handler's,
 * unthrottled and without an active task quota: the bench times the caller, not Connect's limits.
 * Its URL comes over the IPC channel: the line it prints is for people and changes with them.
 */
export async function emulatorProcess(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-seed-'));
  const seed = join(dir, 'seed.json');
  writeFileSync(seed, JSON.stringify({ instances: readSeed().instances.map((i) => ({ ...i, activeTaskQuota: Number.MAX_SAFE_INTEGER })) }));
  const child = fork(join(__dirname, '..', 'emulator', 'cli.ts'), ['--emulator-port', '0', '--throttle', 'off', '--seed', seed], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  const started = once(child, 'message') as Promise<[{ url: string }]>;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the emulator exited with code ${String(code)} before it listened`);
  });
  try {
    const [{ url }] = await Promise.race([started, exited]);
    return { url, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** CPU time (user + system, every thread of this process) that one run of `call` costs, in µs. */
export async function cpuUs(call: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await call();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}
