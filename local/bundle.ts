import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_BUNDLE } from './handler-host';

const ROOT = join(__dirname, '..');
/** Everything the bundle is built from: the Lambda sources and the request rules they import. */
const SOURCE_DIRS = [join(ROOT, 'lambda'), join(ROOT, 'lib', 'contract')];

function newestSourceMs(): number {
  return Math.max(
    ...SOURCE_DIRS.flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => statSync(join(dir, file)).mtimeMs),
    ),
  );
}

/** Runs `npm run bundle`'s script when the handler bundle is missing or older than a source. */
export function ensureHandlerBundle(): void {
  if (existsSync(HANDLER_BUNDLE) && statSync(HANDLER_BUNDLE).mtimeMs >= newestSourceMs()) return;
  console.log('Bundling the handler: assets/start-task/index.js is missing or older than its sources.');
  const { status } = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-handlers.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) throw new Error('bundling the handler failed; run `npm run bundle` to see why');
}
