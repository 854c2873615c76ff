import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
/** The bundle `npm start` serves, relative to the project. */
const BUNDLE = join('assets', 'start-task', 'index.js');
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

/** Whether the project at `root` has a handler bundle at least as new as every one of its sources. */
export function isBundleFresh(root: string): boolean {
  const bundle = join(root, BUNDLE);
  return existsSync(bundle) && statSync(bundle).mtimeMs >= Math.max(0, ...SOURCES.flatMap((source) => sourceTimesMs(join(root, source))));
}

/** Runs `npm run bundle`'s script when the handler bundle is missing or older than a source. */
export function ensureHandlerBundle(): void {
  if (isBundleFresh(ROOT)) return;
  console.log('Bundling the handler: assets/start-task/index.js is missing or older than its sources.');
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-handlers.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) throw new Error('bundling the handler failed; run `npm run bundle` to see why');
}
