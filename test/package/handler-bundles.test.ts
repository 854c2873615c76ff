import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

/**
 * The handler bundles the package ships (assets/, built by `npm run bundle`, which `npm test`
 * runs first): each one small, and free of the credential sources Lambda never uses. Their cold
 * init is measured by `npm run bench`, never here.
 */
const ROOT = join(__dirname, '..', '..');
const MAX_BUNDLE_BYTES = 350_000;
/** The parts of the SDK's default credential chain that Lambda never reaches, and the nested clients they load. */
const UNUSED_CREDENTIAL_SOURCES =
  /node_modules\/@aws-sdk\/(credential-provider-(ini|sso|process|web-identity|login|node)|nested-clients|token-providers)\/|node_modules\/@smithy\/credential-provider-imds\//;

const handlers = readdirSync(join(ROOT, 'lambda')).filter((name) => existsSync(join(ROOT, 'lambda', name, 'index.ts')));

function bundle(name: string): string {
  const file = join(ROOT, 'assets', name, 'index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run bundle\` (npm test runs it first)`);
  return file;
}

/** The modules a bundle was built from, as its source map lists them. */
const sourcesOf = (name: string) => (JSON.parse(readFileSync(`${bundle(name)}.map`, 'utf8')) as { sources: string[] }).sources;

describe('the shipped handler bundles', () => {
  test.each(handlers)('assets/%s/index.js is at most 350 KB', (name) => {
    // GIVEN the bundle npm run bundle built from lambda/<name>
    // WHEN its size is read
    const bytes = statSync(bundle(name)).size;

    // THEN it is within the limit
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  test.each(handlers)(
    'assets/%s/index.js reads credentials only as Lambda gives them: its environment, or a container endpoint',
    (name) => {
      // GIVEN the modules the bundle was built from
      const sources = sourcesOf(name);

      // THEN its credential chain is lambda/shared/lambda-credentials.ts, and none of the SDK's other sources is in it
      expect(sources).toContain('../../lambda/shared/lambda-credentials.ts');
      expect(sources.filter((source) => UNUSED_CREDENTIAL_SOURCES.test(source))).toEqual([]);
    },
  );
});
