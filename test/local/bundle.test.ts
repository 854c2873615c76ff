import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { TASK_ROUTES } from '../../lib/contract';
import { isBundleFresh } from '../../local/bundle';

/** `npm start` rebuilds the handler bundle only when a source of it is newer. */
describe('the handler bundle freshness check', () => {
  let root: string;
  let clock: number;
  /** Writes a file of the fixture project, each one a minute after the last. */
  const write = (path: string) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    clock += 60;
    utimesSync(file, clock, clock);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bundle-freshness-'));
    clock = Math.floor(Date.now() / 1000) - 3600;
    write('lambda/start-task/index.ts');
    write('lib/contract/task-request/rules.ts');
    write('scripts/bundle-handlers.mjs');
    for (const route of Object.values(TASK_ROUTES)) write(`assets/${route.assetName}/index.js`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('a bundle newer than its sources is fresh', () => {
    expect(isBundleFresh(root)).toBe(true);
  });

  test("a fresh bundle stays fresh after npm run build: jsii's .d.ts and .js output are no sources", () => {
    write('lib/contract/task-request/rules.d.ts');
    write('lib/contract/task-request/rules.js');
    write('lib/task-api.ts'); // a construct, not part of the handler bundle
    expect(isBundleFresh(root)).toBe(true);
  });

  test.each(['lib/contract/task-request/rules.ts', 'lambda/shared/http-error.ts', 'scripts/esbuild/plugin.mjs'])(
    'a change to %s makes the bundle stale',
    (source) => {
      write(source);
      expect(isBundleFresh(root)).toBe(false);
    },
  );

  test('a missing bundle is stale', () => {
    rmSync(join(root, 'assets'), { recursive: true });
    expect(isBundleFresh(root)).toBe(false);
  });

  test("a missing route's bundle is stale: npm start serves every route", () => {
    rmSync(join(root, 'assets', TASK_ROUTES.cancel.assetName), { recursive: true });
    expect(isBundleFresh(root)).toBe(false);
  });
});
