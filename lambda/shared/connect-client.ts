import { ConnectClient } from '@aws-sdk/client-connect';

/**
 * A Connect client for the instance's own region (which may differ from the function's).
 * Endpoint overrides come from the SDK's standard `AWS_ENDPOINT_URL_CONNECT` setting.
 * Three attempts with the SDK's standard backoff keep the worst case well inside the
 * caller's deadline.
 */
export function createConnectClient(region: string): ConnectClient {
  return new ConnectClient({ region, maxAttempts: 3, retryMode: 'standard' });
}
