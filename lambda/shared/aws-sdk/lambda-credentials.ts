import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp, type FromHttpOptions } from '@aws-sdk/credential-provider-http';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { chain, memoize } from '@smithy/core/config';

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
 * The chain is memoized here, as the SDK's default chain memoizes itself: the client trusts its
 * credential default provider to do so, and otherwise resolves the chain again on every request
 * (with the container endpoint, one more HTTP request per SDK call). Credentials with an expiry
 * are resolved again 5 minutes before it, as the SDK's default chain does; the environment's have
 * none and are resolved once.
 */
export const defaultProvider = (init: FromHttpOptions = {}) =>
  memoize(
    chain(
      fromEnv(init),
      // fromHttp throws as it is created when no endpoint is configured: create it only when this link is reached.
      () => fromHttp(init)(),
    ),
    nearExpiry,
    (credentials) => credentials.expiration !== undefined,
  );

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

const nearExpiry = (credentials: AwsCredentialIdentity) =>
  credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_BEFORE_EXPIRY_MS;
