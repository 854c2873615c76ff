import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp, type FromHttpOptions } from '@aws-sdk/credential-provider-http';
import { chain } from '@smithy/core/config';

/**
 * The credential chain of the bundled handlers, in place of the SDK's default chain (the build
 * swaps `@aws-sdk/credential-provider-node` for this module: scripts/esbuild/lambda-credentials.mjs).
 * Lambda hands a function its execution role's credentials in `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * the first link of the default chain, so its later links (shared config and credentials files,
 * SSO, login, process, web identity tokens, EC2 instance metadata) and the STS, SSO and sign-in
 * clients they carry never run in Lambda. The container credentials endpoint
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html)
 * stays: it is how an execution environment that outlives its credentials is given fresh ones,
 * and how `npm start` hands a developer's credentials to the handlers.
 *
 * The client memoizes what this returns and calls it again when temporary credentials near expiry.
 */
export const defaultProvider = (init: FromHttpOptions = {}) =>
  chain(
    fromEnv(init),
    // fromHttp throws as it is created when no endpoint is configured: create it only when this link is reached.
    () => fromHttp(init)(),
  );
