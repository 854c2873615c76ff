import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectClient, StartTaskContactCommand } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DeadlineExceededError, withDeadline } from '../../lambda/shared/aws-sdk/deadline';

/**
 * The deadline of a Connect call, against the real SDK over loopback: its signal is one the SDK
 * honours, so the attempt in flight is cut off and no retry starts once the caller has been answered.
 */
describe('withDeadline around an AWS SDK call', () => {
  let server: Server;
  const requests: IncomingMessage[] = [];
  const closedRequests: IncomingMessage[] = [];
  let client: ConnectClient;

  beforeAll(async () => {
    // A Connect that never answers: every request is held open until its caller gives up.
    server = createServer((request) => {
      requests.push(request);
      request.socket.once('close', () => closedRequests.push(request));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    client = new ConnectClient({
      region: 'eu-west-2',
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 3,
    });
  });
  afterAll(async () => {
    client.destroy();
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  test('fails if the SDK ignores the signal: the hung attempt is closed at the deadline and none follows', async () => {
    // GIVEN a call whose only attempt hangs
    const send = withDeadline(200, (abortSignal) =>
      client.send(new StartTaskContactCommand({ InstanceId: 'i', ContactFlowId: 'f', Name: 'n' }), { abortSignal }),
    );

    // WHEN its deadline passes
    await expect(send).rejects.toBeInstanceOf(DeadlineExceededError);
    await new Promise((resolve) => setTimeout(resolve, 500));

    // THEN the SDK closed the attempt's connection, and sent no other attempt
    expect(requests).toHaveLength(1);
    expect(closedRequests).toEqual(requests);
  });
});
