import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, test } from '@jest/globals';

/**
 * jsii compiles lib/*.ts in place, and tsx resolves a folder import ('../lib', './contract') to
 * index.js before index.ts: `npm start` and `npx cdk synth` must run the sources all the same,
 * whatever compiled output a pull or an edit left behind; and the package (compiled by `prepare`)
 * must not ship the output of a source since deleted.
 */
const ROOT = join(__dirname, '..', '..');
const STALE_CONTRACT = join(ROOT, 'lib', 'contract', 'index.js');
const DELETED_SOURCE_OUTPUT = join(ROOT, 'lib', 'since-deleted-construct.js');
const STALE_ERROR = 'stale compiled lib/contract/index.js was loaded';

beforeEach(() => {
  // GIVEN a compiled lib/contract/index.js older than its source, and the output of a deleted source
  writeFileSync(STALE_CONTRACT, `throw new Error('${STALE_ERROR}');\n`);
  writeFileSync(DELETED_SOURCE_OUTPUT, `exports.SinceDeleted = class {};\n`);
});
// Whatever the outcome, no planted file is left for the next tool to load.
afterEach(() => {
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'remove-compiled-lib.mjs')]);
});

test('npm start runs the sources, not stale compiled output, and removes that output', async () => {
  // WHEN the local endpoint is started as a user starts it
  const child = spawn('npm', ['start', '--', '--port', '0'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const deadline = Date.now() + 60_000;
    while (!output.includes('Press Ctrl-C to stop.') && child.exitCode === null && Date.now() < deadline) await sleep(100);
    // THEN it comes up from the sources, and the compiled output is gone
    expect(output).not.toContain(STALE_ERROR);
    expect(output).toContain('Press Ctrl-C to stop.');
    expect(existsSync(STALE_CONTRACT)).toBe(false);
    expect(existsSync(DELETED_SOURCE_OUTPUT)).toBe(false);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
  }
}, 90_000);

test('npx cdk synth builds the example app from the sources, not stale compiled output', () => {
  const out = mkdtempSync(join(tmpdir(), 'cdk-connect-tasks-stale-'));
  try {
    // WHEN the example app is synthesized through cdk.json
    const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    // THEN it succeeds from the sources, and the compiled output is gone
    expect(synth.stderr).not.toContain(STALE_ERROR);
    expect(synth.status).toBe(0);
    expect(existsSync(STALE_CONTRACT)).toBe(false);
    expect(existsSync(DELETED_SOURCE_OUTPUT)).toBe(false);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);

test('npm run compile leaves no output of a deleted source for npm pack to ship', () => {
  // WHEN lib/ is compiled, as npm pack's prepare compiles it
  const compile = spawnSync('npm', ['run', 'compile'], { cwd: ROOT, encoding: 'utf8' });
  // THEN the sources are compiled afresh, and the output of the deleted source is gone
  expect(compile.status).toBe(0);
  expect(existsSync(join(ROOT, 'lib', 'index.js'))).toBe(true);
  expect(readFileSync(STALE_CONTRACT, 'utf8')).not.toContain(STALE_ERROR);
  expect(existsSync(DELETED_SOURCE_OUTPUT)).toBe(false);
}, 180_000);
