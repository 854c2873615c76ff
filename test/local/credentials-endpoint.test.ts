import { afterEach, describe, expect, test } from '@jest/globals';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { type CredentialsEndpoint, startCredentialsEndpoint, withoutCredentialSettings } from '../../local/credentials-endpoint';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import { type LocalEndpoint, startLocalEndpoint } from '../../local/server';
import { INSTANCE } from '../emulator/fixtures';

/**
 * The bundled handlers read credentials as Lambda hands them over: its environment variables, or
 * a container credentials endpoint. `npm start -- --instance-arn` serves a developer's
 * credentials on such an endpoint; here the bundles (`npm run bundle`) sign with what it serves.
 */
describe('credentials served to the bundled handlers by a container credentials endpoint', () => {
  const running: Array<ConnectEmulator | CredentialsEndpoint | LocalEndpoint> = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((part) => part.close()));
  });

  /** The emulator (recording each call's access key) and the local endpoint, whose handlers' only credentials come from `served`. */
  async function startWith(served: () => AwsCredentialIdentity) {
    const signedWith: string[] = [];
    const emulator = await startConnectEmulator({
      throttle: 'off',
      afterOperation: (_operation, accessKeyId) => void signedWith.push(accessKeyId),
    });
    const credentials = await startCredentialsEndpoint(() => Promise.resolve(served()));
    const handlerEnv = {
      ...withoutCredentialSettings(emulatorHandlerEnv(emulator.url, INSTANCE.arn, {})),
      ...credentials.env,
      DEFAULT_TARGET: JSON.stringify({ ContactFlowId: INSTANCE.flowId }),
    };
    const endpoint = await startLocalEndpoint({ handlerEnv });
    running.push(endpoint, credentials, emulator);
    const createTask = async () =>
      (await fetch(`${endpoint.url}/tasks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Name":"t"}' }))
        .status;
    return { signedWith, credentials, createTask };
  }

  test('a handler whose environment holds no keys signs its Connect calls with the served credentials', async () => {
    // GIVEN temporary credentials served by the endpoint, and none in the handler's environment
    const { signedWith, createTask } = await startWith(() => ({
      accessKeyId: 'ASIASERVEDBYENDPOINT',
      secretAccessKey: 'served-secret',
      sessionToken: 'served-session',
      expiration: new Date(Date.now() + 60 * 60_000),
    }));

    // WHEN a task is created
    const status = await createTask();

    // THEN Connect was called with the served key
    expect(status).toBe(201);
    expect(signedWith).toEqual(['ASIASERVEDBYENDPOINT']);
  });

  test('credentials near their expiry are fetched again: the next call signs with the rotated key', async () => {
    // GIVEN credentials that expire within the SDK's refresh window, rotated at every fetch
    let fetches = 0;
    const { signedWith, createTask } = await startWith(() => ({
      accessKeyId: `ASIAROTATEDKEY00000${++fetches}`,
      secretAccessKey: 'rotated-secret',
      sessionToken: 'rotated-session',
      expiration: new Date(Date.now() + 60_000),
    }));

    // WHEN two tasks are created
    const statuses = [await createTask(), await createTask()];

    // THEN each call signed with a key served for it, not with the first one kept
    expect(statuses).toEqual([201, 201]);
    expect(signedWith).toHaveLength(2);
    expect(signedWith[1]).not.toBe(signedWith[0]);
    for (const key of signedWith) expect(key).toMatch(/^ASIAROTATEDKEY0+\d+$/);
  });

  test('long-term keys (no session token, no expiry) are served as well', async () => {
    // GIVEN an access key pair without a session token
    const { signedWith, createTask } = await startWith(() => ({ accessKeyId: 'AKIALONGTERMKEY00000', secretAccessKey: 'long-term' }));

    // WHEN a task is created
    const status = await createTask();

    // THEN Connect was called with that key
    expect(status).toBe(201);
    expect(signedWith).toEqual(['AKIALONGTERMKEY00000']);
  });

  test('a request without the endpoint token gets no credentials', async () => {
    // GIVEN a running endpoint
    const { credentials } = await startWith(() => ({ accessKeyId: 'AKIANEVERSERVED00000', secretAccessKey: 'never' }));

    // WHEN it is asked without its token, and with a wrong one
    const url = credentials.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    const answers = [await fetch(url), await fetch(url, { headers: { Authorization: 'not-the-token' } })];

    // THEN both are refused and no key is in either answer
    expect(answers.map((a) => a.status)).toEqual([403, 403]);
    for (const answer of answers) expect(await answer.text()).not.toContain('AKIANEVERSERVED00000');
  });

  test('the credential settings of a shell are kept from the handlers: the endpoint alone decides', () => {
    // GIVEN a shell with a profile and keys
    const shell = {
      AWS_PROFILE: 'dev',
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 's',
      AWS_SESSION_TOKEN: 't',
      AWS_REGION: 'eu-west-2',
    };

    // WHEN the handlers' environment is made from it
    const env = withoutCredentialSettings(shell);

    // THEN only the settings that are not credentials remain
    expect(env).toEqual({ AWS_REGION: 'eu-west-2' });
  });
});
