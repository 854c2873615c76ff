import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';

const ROOT = join(__dirname, '..', '..');
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const START = `import { startElasticMq } from './local/elasticmq';
startElasticMq().then(async (mq) => { await mq.close(); console.log('started'); }, (error) => { console.error(error.message); process.exitCode = 1; });`;

test('without Java, the local SQS (queued-delivery tests, npm start -- --async) fails with how to install it', () => {
  // GIVEN a PATH with no java on it, whether or not the jars are already in .cache/
  // (a child process: jest's process.env is not the environment child processes inherit)
  const emptyDir = mkdtempSync(join(tmpdir(), 'no-tools-'));
  try {
    // WHEN
    const run = spawnSync(process.execPath, [TSX_CLI, '-e', START], {
      cwd: ROOT,
      env: { ...process.env, PATH: emptyDir },
      encoding: 'utf8',
    });
    // THEN it fails, saying what to install and how
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^java is not installed; .*Java 17\+ .*Maven.*`apt-get install openjdk-17-jre-headless maven` \(Debian\/Ubuntu\) or `brew install openjdk@17 maven` \(macOS\)/,
    );
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
});
