import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_ROUTES, type TaskRoute } from '../lib/contract';

const ROOT = join(__dirname, '..');
/** The bundles `npm start` serves, relative to the project: one for each route of the task API, and the queued one of a route that has it. */
const BUNDLES = Object.values(TASK_ROUTES as Record<string, TaskRoute>).flatMap((route) =>
  [route.assetName, route.queuedAssetName].filter((name) => name !== undefined).map((name) => join('assets', name, 'index.js')),
);
/** Everything the bundle is built from, relative to the project: handlers, the contract they import, the build scripts. */
const SOURCES = ['lambda', join('lib', 'contract'), join('scripts', 'bundle-handlers.mjs'), join('scripts', 'esbuild')];

/** Whether a file is a source of the bundle: TypeScript and build scripts, not jsii's `.d.ts` and `.js` output beside them. */
const isSource = (file: string) => (file.endsWith('.ts') && !file.endsWith('.d.ts')) || file.endsWith('.mjs');

function sourceTimesMs(path: string): number[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [statSync(path).mtimeMs];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter(isSource)
    .map((file) => statSync(join(path, file)).mtimeMs);
}

/** Whether the project at `root` has every route's handler bundle, each at least as new as every one of its sources. */
export function isBundleFresh(root: string): boolean {
  const newest = Math.max(0, ...SOURCES.flatMap((source) => sourceTimesMs(join(root, source))));
  return BUNDLES.every((bundle) => existsSync(join(root, bundle)) && statSync(join(root, bundle)).mtimeMs >= newest);
}

/** Runs `npm run bundle`'s script when a route's handler bundle is missing or older than a source. */
export function ensureHandlerBundle(): void {
  if (isBundleFresh(ROOT)) return;
  console.log("Bundling the handlers: a route's bundle under assets/ is missing or older than its sources.");
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-handlers.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) throw new Error('bundling the handler failed; run `npm run bundle` to see why');
}
