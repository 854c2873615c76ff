import { spawnSync } from 'node:child_process';

/**
 * Fails, saying how to install it, when a tool is missing: the local tools (ElasticMQ needs Java
 * and Maven) stop with the hint instead of a bare spawn error, and `npm test` never skips a check
 * because its tool is absent.
 */
export function requireTool(command: string, install: string): void {
  const probe = spawnSync(command, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`${command} is not installed; ${install}`);
}
