import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const LAMBDA_CREDENTIALS = join(root, 'lambda', 'shared', 'aws-sdk', 'lambda-credentials.ts');

/**
 * Bundles lambda/shared/aws-sdk/lambda-credentials.ts wherever an AWS SDK client imports its default
 * credential chain (`@aws-sdk/credential-provider-node`): the links Lambda never reaches, and the
 * nested STS, SSO and sign-in clients they load, were a third of every handler bundle.
 */
export const lambdaCredentials = {
  name: 'lambda-credentials',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: LAMBDA_CREDENTIALS }));
  },
};
