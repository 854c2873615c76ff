import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { TASK_ROUTES, type TaskRoute } from '../../lib/contract';
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
    for (const route of Object.values(TASK_ROUTES as Record<string, TaskRoute>)) {
      for (const name of [route.assetName, route.queuedAssetName]) if (name) write(`assets/${name}/index.js`);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('a bundle newer than its sources is fresh', () => {
    // GIVEN the fixture project, every route's bundle written after the sources
    // WHEN its freshness is checked THEN it is fresh
    expect(isBundleFresh(root)).toBe(true);
  });

  test("a fresh bundle stays fresh after npm run build: jsii's .d.ts and .js output are no sources", () => {
    // GIVEN a fresh bundle, then jsii's output of a contract file and a construct written after it
    write('lib/contract/task-request/rules.d.ts');
    write('lib/contract/task-request/rules.js');
    write('lib/task-api.ts'); // a construct, not part of the handler bundle
    // WHEN its freshness is checked THEN it is still fresh
    expect(isBundleFresh(root)).toBe(true);
  });

  test.each(['lib/contract/task-request/rules.ts', 'lambda/shared/http/http-error.ts', 'scripts/esbuild/plugin.mjs'])(
    'a change to %s makes the bundle stale',
    (source) => {
      // GIVEN a fresh bundle, then a source of it written after it
      write(source);
      // WHEN its freshness is checked THEN it is stale
      expect(isBundleFresh(root)).toBe(false);
    },
  );

  test('a missing bundle is stale', () => {
    // GIVEN the fixture project without its assets folder
    rmSync(join(root, 'assets'), { recursive: true });
    // WHEN its freshness is checked THEN it is stale
    expect(isBundleFresh(root)).toBe(false);
  });

  test("a missing route's bundle is stale: npm start serves every route", () => {
    // GIVEN the fixture project without the cancel route's bundle
    rmSync(join(root, 'assets', TASK_ROUTES.cancel.assetName), { recursive: true });
    // WHEN its freshness is checked THEN it is stale
    expect(isBundleFresh(root)).toBe(false);
  });
});
