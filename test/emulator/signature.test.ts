import { DescribeContactCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type ConnectEmulator, startConnectEmulator } from '../../emulator';
import { connectClient, fakeAuthorization, INSTANCE, rawRequest, rejectionOf, US_INSTANCE } from './fixtures';

let emulator: ConnectEmulator;
beforeAll(async () => {
  emulator = await startConnectEmulator();
});
afterAll(() => emulator.close());

const describeUrl = () => `${emulator.url}/contacts/${INSTANCE.id}/some-contact`;

describe('the SigV4 credential scope check', () => {
  test.each([
    ['no Authorization header', null, /Missing Authentication Token/],
    ['a header that is not SigV4', 'Bearer abc', /SigV4/],
    ['a signature for another service', fakeAuthorization(INSTANCE.region, 'execute-api'), /service: 'connect'/],
    ['a signature for another region than the instance', fakeAuthorization('us-east-1'), /valid region, not 'us-east-1'/],
  ])('refuses %s with 403 InvalidSignatureException', async (_case, authorization, message) => {
    // GIVEN an Authorization header that is missing, not SigV4, or scoped elsewhere
    // WHEN DescribeContact is requested with it
    const response = await rawRequest(describeUrl(), 'GET', undefined, authorization);
    // THEN it is a 403 InvalidSignatureException saying what is wrong
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(((await response.json()) as { Message: string }).Message).toMatch(message);
  });

  test('accepts a signature scoped to connect in the instance region (the contact is then looked up)', async () => {
    // GIVEN a SigV4 header scoped to connect in eu-west-2, the instance's region
    // WHEN DescribeContact is requested for an unknown contact
    const response = await rawRequest(describeUrl(), 'GET');
    // THEN the signature passes and the contact is looked up: a 404, not a 403
    expect([response.status, response.headers.get('x-amzn-errortype')]).toEqual([404, 'ResourceNotFoundException']);
  });

  test('the SDK signing for the wrong region gets the 403 by name; for the right region it works', async () => {
    // GIVEN an SDK client that signs for us-east-1
    const usClient = connectClient(emulator.url, { region: US_INSTANCE.region });
    try {
      // WHEN it calls the eu-west-2 instance THEN the SDK throws InvalidSignatureException, a 403
      const refused = await rejectionOf(usClient.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId: 'c' })));
      expect(refused).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });

      // AND WHEN it starts a task on the us-east-1 instance THEN the task is started
      const started = await usClient.send(
        new StartTaskContactCommand({ InstanceId: US_INSTANCE.id, Name: 'x', ContactFlowId: US_INSTANCE.flowId }),
      );
      expect(started.ContactId).toBeDefined();
    } finally {
      usClient.destroy();
    }
  });
});
