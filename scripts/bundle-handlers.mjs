// Bundles every Lambda handler under lambda/<name>/index.ts into assets/<name>/index.js, so the
// library ships ready-to-deploy code and its users (in any jsii language) never need esbuild.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaCredentials } from './esbuild/lambda-credentials.mjs';
import { noEventStreams } from './esbuild/no-event-streams.mjs';
import { precompiledValidators } from './esbuild/precompiled-validators.mjs';
import { sdkSchemaKeys } from './esbuild/sdk-schema-keys.mjs';

const root = new URL('..', import.meta.url).pathname;

/**
 * The handlers with an S3 client: @aws-sdk/client-s3 loads the event stream serde when its
 * module loads (for SelectObjectContent), so they keep @smithy/core/event-streams.
 */
const S3_HANDLERS = new Set(['create-import', 'import-status', 'import-tasks']);

/** The esbuild options every shipped handler is built with; the benchmark reuses them. */
export const handlerBuildOptions = (name) => ({
  entryPoints: [join(root, 'lambda', name, 'index.ts')],
  outfile: join(root, 'assets', name, 'index.js'),
  bundle: true,
  minify: true,
  treeShaking: true,
  sourcemap: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // Prefer the ES module builds of dependencies: they tree-shake far better than their CommonJS builds.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [sdkSchemaKeys, precompiledValidators, lambdaCredentials, ...(S3_HANDLERS.has(name) ? [] : [noEventStreams])],
});

export const handlerNames = () =>
  readdirSync(join(root, 'lambda'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'lambda', d.name, 'index.ts')))
    .map((d) => d.name);

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(join(root, 'assets'), { recursive: true, force: true });
  for (const name of handlerNames()) {
    const result = await build(handlerBuildOptions(name));
    const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes;
    console.log(`assets/${name}/index.js ${(bytes / 1024).toFixed(1)} KiB`);
  }
}
