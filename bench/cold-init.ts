import { execFileSync } from 'node:child_process';
import type { HandlerBundles } from './bundles';
import { LAMBDA_ENV } from './lambda-env';
import { median } from './stats';

/** Loads the module named by the first argument and prints how long `require` took, in ms. */
const LOAD_AND_TIME = 'const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t));';

function loadMs(bundle: string): number {
  const out = execFileSync(process.execPath, ['-e', LOAD_AND_TIME, bundle], {
    env: { PATH: process.env.PATH, ...LAMBDA_ENV },
    encoding: 'utf8',
  });
  return Number(out);
}

/**
 * Median module load time of each bundle, each load in a fresh Node.js process as in a new
 * Lambda container. Shipped and naive loads alternate, so drift in the machine's load hits both.
 */
export function coldInit(bundles: HandlerBundles, processes: number): { shipped: number; naive: number } {
  const shipped: number[] = [];
  const naive: number[] = [];
  loadMs(bundles.shipped);
  loadMs(bundles.naive);
  for (let i = 0; i < processes; i++) {
    shipped.push(loadMs(bundles.shipped));
    naive.push(loadMs(bundles.naive));
  }
  return { shipped: median(shipped), naive: median(naive) };
}
