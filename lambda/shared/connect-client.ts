import { ConnectClient } from '@aws-sdk/client-connect';

/**
 * A Connect client for the instance's own region (which may differ from the function's).
 * Endpoint overrides come from the SDK's standard `AWS_ENDPOINT_URL_CONNECT` setting.
 * Three attempts with the SDK's standard backoff; each attempt's socket is given up after
 * `attemptTimeoutMs`, so a hung Connect leaves no request running behind the caller's deadline.
 */
export function createConnectClient(region: string, attemptTimeoutMs: number): ConnectClient {
  return new ConnectClient({
    region,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: attemptTimeoutMs, requestTimeout: attemptTimeoutMs, throwOnRequestTimeout: true },
  });
}
