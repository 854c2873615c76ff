import { ConnectClient } from '@aws-sdk/client-connect';

const MAX_ATTEMPTS = 3;

/**
 * A Connect client for the instance's own region (which may differ from the function's).
 * Endpoint overrides come from the SDK's standard `AWS_ENDPOINT_URL_CONNECT` setting.
 * Three attempts with the SDK's standard backoff, each given a third of the caller's deadline,
 * so a hung connection is retried instead of using up the whole budget. A caller that paces
 * its own attempts (the queue consumer) asks for one.
 */
export function createConnectClient(region: string, deadlineMs: number, maxAttempts = MAX_ATTEMPTS): ConnectClient {
  const attemptTimeoutMs = Math.floor(deadlineMs / maxAttempts);
  return new ConnectClient({
    region,
    maxAttempts,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: attemptTimeoutMs, requestTimeout: attemptTimeoutMs, throwOnRequestTimeout: true },
  });
}
