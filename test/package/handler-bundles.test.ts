import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { TASK_ROUTES } from '../../lib/contract';

/**
 * The handler bundles the package ships (assets/, built by `npm run bundle`, which `npm test`
 * runs first): each one small, and free of the credential sources Lambda never uses. Their cold
 * init is measured by `npm run bench`, never here.
 */
const ROOT = join(__dirname, '..', '..');
const MAX_BUNDLE_BYTES = 350_000;
/** A handler with S3's client (the bulk imports' three): the client and its event stream serde are about 130 KB more. */
const MAX_S3_BUNDLE_BYTES = 500_000;
/** The parts of the SDK's default credential chain that Lambda never reaches, and the nested clients they load. */
const UNUSED_CREDENTIAL_SOURCES =
  /node_modules\/@aws-sdk\/(credential-provider-(ini|sso|process|web-identity|login|node)|nested-clients|token-providers)\/|node_modules\/@smithy\/credential-provider-imds\//;

/** The POST function of a TaskApi without asyncDelivery, the default: smaller still, as it carries no queued delivery. */
const MAX_SYNC_POST_BYTES = 250_000;
/** The clients of queued delivery, and the SDK's event streams, which no handler's operation uses. */
const QUEUED_DELIVERY_CLIENTS = /node_modules\/@aws-sdk\/(client-sqs|client-dynamodb|lib-dynamodb)\//;
const EVENT_STREAMS = /node_modules\/@smithy\/core\/dist-es\/submodules\/event-streams\//;
/** The bulk imports' handlers sign S3 uploads and links and read files: S3's client loads the event streams when it loads. */
const S3_CLIENT = /node_modules\/@aws-sdk\/client-s3\//;

const handlers = readdirSync(join(ROOT, 'lambda')).filter((name) => existsSync(join(ROOT, 'lambda', name, 'index.ts')));

function bundle(name: string): string {
  const file = join(ROOT, 'assets', name, 'index.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run bundle\` (npm test runs it first)`);
  return file;
}

/** The modules a bundle was built from, as its source map lists them. */
const sourcesOf = (name: string) => (JSON.parse(readFileSync(`${bundle(name)}.map`, 'utf8')) as { sources: string[] }).sources;

describe('the shipped handler bundles', () => {
  test.each(handlers)('assets/%s/index.js is at most 350 KB, 500 KB with the S3 client', (name) => {
    // GIVEN the bundle npm run bundle built from lambda/<name>
    // WHEN its size is read
    const bytes = statSync(bundle(name)).size;

    // THEN it is within the limit, a larger one for a handler with S3's client
    expect(bytes).toBeLessThanOrEqual(sourcesOf(name).some((source) => S3_CLIENT.test(source)) ? MAX_S3_BUNDLE_BYTES : MAX_BUNDLE_BYTES);
  });

  test.each(handlers)(
    'assets/%s/index.js reads credentials only as Lambda gives them: its environment, or a container endpoint',
    (name) => {
      // GIVEN the modules the bundle was built from
      const sources = sourcesOf(name);

      // THEN its credential chain is lambda/shared/aws-sdk/lambda-credentials.ts, and none of the SDK's other sources is in it
      expect(sources).toContain('../../lambda/shared/aws-sdk/lambda-credentials.ts');
      expect(sources.filter((source) => UNUSED_CREDENTIAL_SOURCES.test(source))).toEqual([]);
    },
  );

  test(`assets/${TASK_ROUTES.create.assetName}/index.js, the POST function without asyncDelivery, is at most 250 KB and carries no queue or table client`, () => {
    // GIVEN the bundle a TaskApi without asyncDelivery deploys for POST /tasks
    const name = TASK_ROUTES.create.assetName;

    // WHEN its size and its modules are read
    const bytes = statSync(bundle(name)).size;
    const sources = sourcesOf(name);

    // THEN it is within the smaller limit, and the SQS and DynamoDB clients are not in it
    expect(bytes).toBeLessThanOrEqual(MAX_SYNC_POST_BYTES);
    expect(sources.filter((source) => QUEUED_DELIVERY_CLIENTS.test(source))).toEqual([]);
    expect(sourcesOf(TASK_ROUTES.create.queuedAssetName).some((source) => QUEUED_DELIVERY_CLIENTS.test(source))).toBe(true);
  });

  test.each(handlers)(
    'assets/%s/index.js carries no event stream code, which no operation of the handlers uses, unless it has an S3 client',
    (name) => {
      // GIVEN the modules the bundle was built from
      const sources = sourcesOf(name);

      // THEN none is the SDK's event streams, unless the bundle has @aws-sdk/client-s3, which loads them with its client
      const s3 = sources.some((source) => S3_CLIENT.test(source));
      expect(sources.filter((source) => EVENT_STREAMS.test(source)).length > 0).toBe(s3);
    },
  );
});
