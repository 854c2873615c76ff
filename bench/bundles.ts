import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface HandlerBundles {
  readonly name: string;
  /** Built with the options `npm run bundle` ships with. */
  readonly shipped: string;
  /** The same source bundled with esbuild's defaults: the baseline every optimisation is judged against. */
  readonly naive: string;
}

/**
 * Builds every handler (or those of `only`) twice into `dir`: as shipped and naively. Building
 * here rather than reading assets/ keeps the figures to this checkout's sources even while
 * another `npm run bundle` rewrites assets/.
 */
export async function buildBundles(dir: string, only?: readonly string[]): Promise<HandlerBundles[]> {
  const { handlerBuildOptions, handlerNames } = await import('../scripts/bundle-handlers.mjs');
  const unknown = only?.filter((name) => !handlerNames().includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`no handler ${unknown.join(', ')}; the handlers are ${handlerNames().join(', ')}`);
  return Promise.all(
    handlerNames()
      .filter((name) => !only || only.includes(name))
      .map(async (name) => {
        const options = handlerBuildOptions(name);
        const shipped = join(dir, 'shipped', name, 'index.js');
        const naive = join(dir, 'naive', name, 'index.js');
        await build({ ...options, outfile: shipped });
        await build({
          entryPoints: options.entryPoints,
          outfile: naive,
          bundle: true,
          platform: 'node',
          format: 'cjs',
          logLevel: 'warning',
        });
        return { name, shipped, naive };
      }),
  );
}

export const kibibytes = (file: string) => statSync(file).size / 1024;
