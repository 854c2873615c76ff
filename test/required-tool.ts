import { spawnSync } from 'node:child_process';

/**
 * Fails, saying how to install it, when a tool a test needs is missing: `npm test` never skips a
 * check because its tool is absent.
 */
export function requireTool(command: string, install: string): void {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`${command} is not installed; ${install}`);
}
