import { afterEach, describe, expect, test } from '@jest/globals';
import { defaultProvider } from '../../lambda/shared/aws-sdk/lambda-credentials';

/**
 * The bundled handlers' credential chain: the SDK client trusts its default provider to memoize,
 * as the SDK's own default chain does, and would otherwise resolve it on every request.
 */
describe('the bundled handlers’ credential chain', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('fails if the chain is resolved again on every request: the environment’s credentials are read once', async () => {
    // GIVEN the execution role's credentials in the environment, as Lambda sets them
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAFIRST', AWS_SECRET_ACCESS_KEY: 'first', AWS_SESSION_TOKEN: 'token' });
    const provider = defaultProvider();
    const first = await provider();

    // WHEN the environment changes and credentials are asked for again
    process.env.AWS_ACCESS_KEY_ID = 'AKIASECOND';
    const second = await provider();

    // THEN the first resolution is reused
    expect(first.accessKeyId).toBe('AKIAFIRST');
    expect(second).toBe(first);
  });
});
