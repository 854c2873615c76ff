import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { INSTANCE } from '../emulator/fixtures';
import { type AsyncStack, signedBy, startAsyncStack } from './async-harness';

/**
 * Queued delivery end to end on real parts: ElasticMQ, dynalite, the Connect emulator at
 * Connect's default quota (2/s, burst 5) and the bundled handlers, the consumer driven as
 * Lambda's SQS event source drives it.
 */
const task = (name: string) => ({ Name: name, ContactFlowId: INSTANCE.flowId });

describe('a burst above the quota', () => {
  let stack: AsyncStack;
  beforeAll(async () => {
    stack = await startAsyncStack({ emulator: { throttle: { rate: 2, burst: 5 } }, delivery: { ratePerSecond: 2 } });
  });
  afterAll(() => stack?.close());

  test('is accepted at once and drained into Connect with none lost and none created twice', async () => {
    // GIVEN 30 requests at once, 10 of them sent twice with their Idempotency-Key
    const keys = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const sends = [...keys, ...keys.slice(0, 10)].map((key) => stack.post(task(`Burst ${key}`), { 'Idempotency-Key': key }));

    // WHEN they are sent together
    const accepted = await Promise.all(sends);

    // THEN every one is a 202 that names its request, and each request ends CREATED with its own contact
    expect(accepted.map((r) => r.status)).toEqual(accepted.map(() => 202));
    for (const r of accepted) {
      expect(r.headers.get('preference-applied')).toBe('respond-async');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const settled = await Promise.all(keys.map((_key, i) => stack.settled(accepted[i].headers.get('location')!, {}, 90_000)));
    expect(settled.map((r) => r.body.status)).toEqual(keys.map(() => 'CREATED'));
    const contactIds = new Set(settled.map((r) => r.body.contactId));
    expect(contactIds.size).toBe(keys.length);
    expect([...stack.emulator.state.contacts.keys()].filter((id) => contactIds.has(id))).toHaveLength(keys.length);
    expect(stack.emulator.state.contacts.size).toBe(keys.length);
  }, 120_000);
});

describe('failures', () => {
  let stack: AsyncStack;
  beforeAll(async () => {
    stack = await startAsyncStack({ delivery: { ratePerSecond: 20, maxReceiveCount: 2, visibilityTimeoutSeconds: 30 } });
  });
  afterAll(() => stack?.close());

  test('Connect 500s are retried from the queue and create the task once', async () => {
    // GIVEN Connect fails the next call
    stack.emulator.injectFault({ kind: 'error', count: 1, operation: 'StartTaskContact' });
    const before = stack.emulator.state.contacts.size;

    // WHEN a request is queued
    const accepted = await stack.post(task('Retried'), { 'Idempotency-Key': 'retried-1' });

    // THEN it ends CREATED, with one contact
    const settled = await stack.settled(accepted.headers.get('location')!);
    expect(settled.body).toMatchObject({ requestId: 'retried-1', status: 'CREATED' });
    expect(stack.emulator.state.contacts.size - before).toBe(1);
  }, 60_000);

  test('a Connect 4xx ends FAILED with the error, and the message is not retried', async () => {
    // GIVEN a request for a flow the instance does not have
    const accepted = await stack.post({ Name: 'Unknown flow', ContactFlowId: '99999999-9999-9999-9999-999999999999' });

    // WHEN it is delivered
    const settled = await stack.settled(accepted.headers.get('location')!);

    // THEN its status is FAILED with Connect's error as the contract names it
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'FAILED', error: { code: 'ResourceNotFound' } });
    expect(settled.body.contactId).toBeUndefined();
  }, 60_000);

  test('a request that fails on every receive ends in the dead-letter queue as FAILED (DeadLettered)', async () => {
    // GIVEN Connect fails every call for a while
    stack.emulator.injectFault({ kind: 'error', count: 1000, operation: 'StartTaskContact' });
    try {
      // WHEN a request is queued and delivered as often as the redrive policy allows (2 receives)
      const accepted = await stack.post(task('Dead lettered'), { 'Idempotency-Key': 'dead-1' });
      const settled = await stack.settled(accepted.headers.get('location')!);

      // THEN it is FAILED (DeadLettered), and its message is in the dead-letter queue
      expect(settled.body).toMatchObject({ status: 'FAILED', error: { code: 'DeadLettered' } });
      let dead: string[] = [];
      for (let i = 0; i < 20 && dead.length === 0; i++) {
        const { Messages = [] } = await stack.delivery.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: stack.delivery.deadLetterQueueUrl, WaitTimeSeconds: 1 }),
        );
        dead = Messages.map((m) => JSON.parse(m.Body!).requestId);
      }
      expect(dead).toEqual(['dead-1']);
    } finally {
      stack.emulator.clearFaults();
    }
  }, 60_000);

  test("another caller's request is a 404, as an unknown one is", async () => {
    // GIVEN a request queued by one caller
    const accepted = await stack.post(task('Mine'), { 'Idempotency-Key': 'owned-1', ...signedBy('AKIAOWNER00000000000') });
    const location = accepted.headers.get('location')!;

    // WHEN its owner, another caller and anyone asking for an unknown id read a status
    const own = await stack.get(location, signedBy('AKIAOWNER00000000000'));
    const other = await stack.get(location, signedBy('AKIAOTHER00000000000'));
    const unknown = await stack.get('/tasks/requests/no-such-request', signedBy('AKIAOWNER00000000000'));

    // THEN only the owner sees it
    expect(own.status).toBe(200);
    expect(other.status).toBe(404);
    expect(other.body.error).toEqual(unknown.body.error);
    expect(other.body.error.code).toBe('RequestNotFound');
  }, 30_000);
});
