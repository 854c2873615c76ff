// Types of scripts/bundle-handlers.mjs for the TypeScript tools that reuse its build options.
import type { BuildOptions } from 'esbuild';

/** The esbuild options every shipped handler is built with. */
export declare function handlerBuildOptions(name: string): BuildOptions & { entryPoints: string[]; outfile: string };

/** Every folder under lambda/ with an index.ts: the handlers that ship. */
export declare function handlerNames(): string[];
