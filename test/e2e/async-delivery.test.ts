import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ASYNC_DELIVERY_ENV } from '../../lib/contract';
import { startLocalEndpoint } from '../../local/server';
import { codeBlock } from '../docs/code-blocks';
import { INSTANCE } from '../emulator/fixtures';
import { type AsyncStack, signedBy, startAsyncStack } from './async-harness';
import { startLocalStack } from './harness';

/**
 * Queued delivery end to end on real parts: ElasticMQ, dynalite, the Connect emulator at
 * Connect's default quota (2/s, burst 5) and the bundled handlers, the consumer driven as
 * Lambda's SQS event source drives it.
 */
const task = (name: string) => ({ Name: name, ContactFlowId: INSTANCE.flowId });

describe('a burst above the quota', () => {
  let stack: AsyncStack;
  let starting: Promise<AsyncStack> | undefined;
  beforeAll(async () => {
    starting = startAsyncStack({ emulator: { throttle: { rate: 2, burst: 5 } }, delivery: { ratePerSecond: 2 } });
    stack = await starting;
  }, 120_000);
  // Waits for a start that outlived its hook's timeout, so nothing it started is left running.
  afterAll(async () => (await starting?.catch(() => undefined))?.close(), 60_000);

  test('is accepted at once and drained into Connect with none lost and none created twice', async () => {
    // GIVEN the stack of beforeAll, Connect at its default quota, and 30 requests at once,
    // 10 of them sent twice with their Idempotency-Key
    const keys = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    const sends = [...keys, ...keys.slice(0, 10)].map((key) => stack.post(task(`Burst ${key}`), { 'Idempotency-Key': key }));

    // WHEN they are sent together, and a 503 (SQS not answering in time, on a busy machine) is
    // retried with its Idempotency-Key, as the contract tells callers to
    const accepted = await Promise.all(sends);
    for (let round = 0; round < 5; round++) {
      const unavailable = accepted.flatMap((r, i) => (r.status === 503 ? [i] : []));
      expect(accepted.filter((r) => r.status !== 503).map((r) => r.status)).toEqual(
        accepted.filter((r) => r.status !== 503).map(() => 202),
      );
      for (const i of unavailable)
        accepted[i] = await stack.post(task(`Burst ${keys[i % keys.length]}`), { 'Idempotency-Key': keys[i % keys.length] });
    }

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
    expect([...stack.emulator.state.contacts.values()].filter((c) => c.Channel === 'TASK')).toHaveLength(keys.length);
  }, 120_000);
});

describe('failures', () => {
  let stack: AsyncStack;
  let starting: Promise<AsyncStack> | undefined;
  beforeAll(async () => {
    starting = startAsyncStack({ delivery: { ratePerSecond: 20, maxReceiveCount: 2, visibilityTimeoutSeconds: 30 } });
    stack = await starting;
  }, 120_000);
  // Waits for a start that outlived its hook's timeout, so nothing it started is left running.
  afterAll(async () => (await starting?.catch(() => undefined))?.close(), 60_000);

  test('Connect 500s are retried from the queue and create the task once', async () => {
    // GIVEN the stack of beforeAll (2 receives before the dead-letter queue), and Connect failing its next call
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
    // GIVEN the stack of beforeAll, and a request for a flow the instance does not have
    const accepted = await stack.post({ Name: 'Unknown flow', ContactFlowId: '99999999-9999-9999-9999-999999999999' });

    // WHEN it is delivered
    const settled = await stack.settled(accepted.headers.get('location')!);

    // THEN its status is FAILED with Connect's error as the contract names it, and no contact
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'FAILED', error: { code: 'ResourceNotFound' } });
    expect(settled.body.contactId).toBeUndefined();
  }, 60_000);

  test('a request that fails on every receive ends in the dead-letter queue as FAILED (DeadLettered)', async () => {
    // GIVEN the stack of beforeAll (2 receives before the dead-letter queue), and Connect failing every call for a while
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
        dead = Messages.map((m) => (JSON.parse(m.Body!) as { requestId: string }).requestId);
      }
      expect(dead).toEqual(['dead-1']);
    } finally {
      stack.emulator.clearFaults();
    }
  }, 60_000);

  test("another caller's request is a 404, as an unknown one is", async () => {
    // GIVEN the stack of beforeAll, and a request queued by one caller
    const accepted = await stack.post(task('Mine'), { 'Idempotency-Key': 'owned-1', ...signedBy('AKIAOWNER00000000000') });
    const location = accepted.headers.get('location')!;

    // WHEN its owner, another caller and anyone asking for an unknown id read a status
    const own = await stack.get(location, signedBy('AKIAOWNER00000000000'));
    const other = await stack.get(location, signedBy('AKIAOTHER00000000000'));
    const unknown = await stack.get('/tasks/requests/no-such-request', signedBy('AKIAOWNER00000000000'));

    // THEN only the owner sees it
    expect(own.status).toBe(200);
    // AND the other caller gets the 404 RequestNotFound an unknown id gets
    expect(other.status).toBe(404);
    expect(other.body.error).toEqual(unknown.body.error);
    expect(other.body.error?.code).toBe('RequestNotFound');
  }, 30_000);
});

describe('POST /tasks with Prefer: respond-async', () => {
  let stack: AsyncStack;
  let starting: Promise<AsyncStack> | undefined;
  beforeAll(async () => {
    // Connect throttled to nothing: requests stay QUEUED while these tests look at them.
    starting = startAsyncStack({ emulator: { throttle: { rate: 0.001, burst: 0 } } });
    stack = await starting;
  }, 120_000);
  // Waits for a start that outlived its hook's timeout, so nothing it started is left running.
  afterAll(async () => (await starting?.catch(() => undefined))?.close(), 60_000);

  test('answers 202 with the request id, its Location, Preference-Applied and Retry-After', async () => {
    // GIVEN the stack of beforeAll, whose Connect is throttled so that requests stay QUEUED
    // WHEN a task is posted with an Idempotency-Key
    const accepted = await stack.post(task('Accepted'), { 'Idempotency-Key': 'accept-1' });
    // THEN the answer is a 202 naming the request, QUEUED, with its Location, Preference-Applied and Retry-After
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ requestId: 'accept-1', status: 'QUEUED' });
    // (the local endpoint serves no stage in its URLs: the Location is the path from its base URL)
    expect(accepted.headers.get('location')).toBe('/tasks/requests/accept-1');
    expect(accepted.headers.get('preference-applied')).toBe('respond-async');
    expect(Number(accepted.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // AND its Location reads as QUEUED, with the time it was created
    const status = await stack.get(accepted.headers.get('location')!);
    expect(status.body).toMatchObject({ requestId: 'accept-1', status: 'QUEUED' });
    expect(Date.parse(status.body.createdAt ?? '')).not.toBeNaN();
  });

  test('answers the exchange docs/queued-delivery.md shows, but for the stage and the Retry-After estimate', async () => {
    // GIVEN the documented exchange: a request's method, path and headers, then the answer's status, headers and body
    const [request, answer] = codeBlock('docs/queued-delivery.md', 'queued-request').trim().split('\n\n');
    const headersOf = (lines: string[]) => Object.fromEntries(lines.map((line) => line.split(': ') as [string, string]));
    const [requestLine, ...requestHeaders] = request.split('\n');
    const [statusLine, ...answerLines] = answer.split('\n');
    const documentedBody = JSON.parse(answerLines.pop()!) as unknown;
    const documentedHeaders = headersOf(answerLines);
    // WHEN a task is posted with the documented headers
    expect(requestLine).toBe('POST /prod/tasks');
    const accepted = await stack.post(task('Documented'), headersOf(requestHeaders));
    // THEN the answer has the documented status, body and headers, but for the stage: the local endpoint serves none
    expect(`${accepted.status} Accepted`).toBe(statusLine);
    expect(accepted.body).toEqual(documentedBody);
    expect(accepted.headers.get('location')).toBe(documentedHeaders.Location.replace(/^\/prod\//, '/'));
    expect(accepted.headers.get('preference-applied')).toBe(documentedHeaders['Preference-Applied']);
    expect(accepted.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Object.keys(documentedHeaders)).toEqual(['Location', 'Preference-Applied', 'Retry-After']);
  });

  test('without an Idempotency-Key, each request gets a new UUID', async () => {
    // GIVEN / WHEN the stack of beforeAll is posted two tasks without an Idempotency-Key
    const [a, b] = await Promise.all([stack.post(task('One')), stack.post(task('Two'))]);
    // THEN each request id is a UUID (version 4), and they differ
    expect(a.body.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.body.requestId).not.toBe(a.body.requestId);
  });

  test('the same Idempotency-Key with the same body, in another key order, is the same request', async () => {
    // GIVEN a request queued on the stack of beforeAll with an Idempotency-Key
    await stack.post({ Name: 'Same', ContactFlowId: INSTANCE.flowId, Attributes: { a: '1', b: '2' } }, { 'Idempotency-Key': 'same-1' });
    // WHEN the same body, its keys in another order, is posted again with that key
    const again = await stack.post(
      { Attributes: { b: '2', a: '1' }, ContactFlowId: INSTANCE.flowId, Name: 'Same' },
      { 'Idempotency-Key': 'same-1' },
    );
    // THEN the answer is a 202 for the same request, still QUEUED
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ requestId: 'same-1', status: 'QUEUED' });
  });

  test('the same Idempotency-Key with another body is a 409 IdempotencyKeyReused', async () => {
    // GIVEN a request queued on the stack of beforeAll with an Idempotency-Key
    await stack.post(task('First'), { 'Idempotency-Key': 'reused-1' });
    // WHEN another body is posted with that key
    const reused = await stack.post(task('Second'), { 'Idempotency-Key': 'reused-1' });
    // THEN the answer is a 409 IdempotencyKeyReused that does not repeat the body
    expect(reused.status).toBe(409);
    expect(reused.body.error?.code).toBe('IdempotencyKeyReused');
    expect(JSON.stringify(reused.body)).not.toContain('Second');
  });

  test('an invalid request is still a 400 at once, and nothing is queued', async () => {
    // GIVEN / WHEN a task with an empty Name is posted to the stack of beforeAll with an Idempotency-Key
    const rejected = await stack.post({ Name: '', ContactFlowId: INSTANCE.flowId }, { 'Idempotency-Key': 'invalid-1' });
    // THEN the answer is a 400 ValidationError
    expect(rejected.status).toBe(400);
    expect(rejected.body.error?.code).toBe('ValidationError');
    // AND no request status was left under that key
    expect((await stack.get('/tasks/requests/invalid-1')).status).toBe(404);
  });

  test('is a 503 QueueUnavailable when SQS cannot take the message, and leaves no status behind', async () => {
    // GIVEN an endpoint whose SQS endpoint does not answer
    // (The SQS client sends to the host of the queue URL.)
    const deadQueue = stack.delivery.queueUrl.replace(/:\d+\//, ':9/');
    const env = { ...stack.connectEnv, ...stack.delivery.env, [ASYNC_DELIVERY_ENV.queueUrl]: deadQueue, AWS_MAX_ATTEMPTS: '1' };
    const broken = await startLocalEndpoint({ handlerEnv: env });
    try {
      // WHEN a task is posted to it with Prefer: respond-async
      const response = await fetch(`${broken.url}/tasks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: 'respond-async', 'Idempotency-Key': 'unavailable-1' },
        body: JSON.stringify(task('Unavailable')),
      });
      // THEN the answer is a 503 QueueUnavailable with a Retry-After of 1, and no status is left behind
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('QueueUnavailable');
      expect((await stack.get('/tasks/requests/unavailable-1')).status).toBe(404);
    } finally {
      await broken.close();
    }
  });
});

describe('without asyncDelivery', () => {
  test('Prefer: respond-async is ignored: the task is created and the answer is 201', async () => {
    // GIVEN the endpoint as deployed without queued delivery
    const sync = await startLocalStack();
    try {
      // WHEN a task is posted with Prefer: respond-async
      const response = await sync.post(task('Ignored preference'), { Prefer: 'respond-async' });
      // THEN the task is created (201 with its ContactId), and no preference is said to be applied
      expect(response.status).toBe(201);
      expect(response.body.ContactId).toBeDefined();
      expect(response.headers.get('preference-applied')).toBeNull();
    } finally {
      await sync.close();
    }
  });
});
