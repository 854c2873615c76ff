import { randomUUID } from 'node:crypto';
import { DescribeContactCommand } from '@aws-sdk/client-connect';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { CHAIN_LIMIT } from '../../emulator';
import { CONNECT_DEFAULT_QUOTA, START_TASK_ENV } from '../../lib/contract';
import { connectClient, INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack } from './harness';

const task = (fields: Record<string, unknown> = {}) => ({ Name: 'Call back customer 42', ContactFlowId: INSTANCE.flowId, ...fields });

describe('POST /tasks through the local endpoint, against the emulator', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack();
  });
  afterAll(() => stack.close());
  afterEach(() => {
    // Back to the default, Connect's quota, after a test that changed it.
    stack.emulator.setThrottle(CONNECT_DEFAULT_QUOTA);
    stack.emulator.clearFaults();
  });

  const startCalls = () => stack.emulator.state.requests.get('StartTaskContact') ?? 0;

  test('a valid task is a 201 with its ContactId, and Connect has the task', async () => {
    // GIVEN a valid task with a description and an attribute
    const valid = task({ Description: 'Asked for a callback', Attributes: { accountId: '42' } });
    // WHEN it is posted
    const response = await stack.post(valid);

    // THEN it is a JSON 201
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    // AND Connect describes the contact it names as that task
    const connect = connectClient(stack.emulator.url);
    try {
      const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId: response.body.ContactId }));
      expect(Contact).toMatchObject({
        Channel: 'TASK',
        InitiationMethod: 'API',
        Name: 'Call back customer 42',
        Description: 'Asked for a callback',
        Attributes: { accountId: '42' },
      });
    } finally {
      connect.destroy();
    }
  });

  test("an unknown flow is Connect's ResourceNotFoundException: 404 ResourceNotFound", async () => {
    // GIVEN a task for a flow the instance does not have
    const unknownFlow = task({ ContactFlowId: 'aaaaaaaa-0000-0000-0000-000000000000' });
    // WHEN it is posted
    const response = await stack.post(unknownFlow);
    // THEN it is a 404 ResourceNotFound in the JSON error shape
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'ResourceNotFound' }, requestId: expect.any(String) } });
  });

  test("a template without a flow is Connect's InvalidRequestException: a 400 that says what to fix, with Connect's words", async () => {
    // GIVEN a task for the seeded template that has no flow
    const flowless = task({ ContactFlowId: undefined, TaskTemplateId: INSTANCE.templateWithoutFlowId });
    // WHEN it is posted
    const response = await stack.post(flowless);
    // THEN it is a 400 InvalidRequest saying what to fix, with Connect's own words in details
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'InvalidRequest' } } });
    expect(response.body.error?.message).toMatch(/template has no contact flow.*give the template a flow/);
    expect(response.body.error?.details).toEqual([
      { path: '', message: expect.stringMatching(/^Amazon Connect said: Task template has no contact flow/) },
    ]);
  });

  test('an Idempotency-Key reused with a different body: a 400 that names the reuse as the likely cause', async () => {
    // GIVEN a task created with an Idempotency-Key
    const headers = { 'Idempotency-Key': 'crm-ticket-9001' };
    expect((await stack.post(task(), headers)).status).toBe(201);
    // WHEN another task is posted with the same key
    const response = await stack.post(task({ Name: 'Another task' }), headers);
    // THEN it is a 400 InvalidRequest naming the reused key as the likely cause
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'InvalidRequest' } } });
    expect(response.body.error?.message).toMatch(/Idempotency-Key \(ClientToken\) was used before with a different body/);
  });

  test('an Idempotency-Key retry whose body lists its keys in another order is the same task', async () => {
    // GIVEN a task created with an Idempotency-Key
    const headers = { 'Idempotency-Key': 'crm-ticket-9002' };
    const first = await stack.post(`{"Name":"x","ContactFlowId":"${INSTANCE.flowId}","Attributes":{"a":"1","b":"2"}}`, headers);
    // WHEN it is retried with the same key, its keys written in another order
    const again = await stack.post(`{"Attributes":{"b":"2","a":"1"},"ContactFlowId":"${INSTANCE.flowId}","Name":"x"}`, headers);
    // THEN both are 201s naming the same contact
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.ContactId).toBe(first.body.ContactId);
  });

  test('bytes that are not UTF-8 in Name are a 400 naming /Name, and nothing is stored as U+FFFD', async () => {
    // GIVEN a body whose Name is "café" in Latin-1 bytes
    const before = startCalls();
    const latin1 = Buffer.concat([
      Buffer.from(`{"ContactFlowId":"${INSTANCE.flowId}","Name":"caf`),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]);
    // WHEN it is posted as UTF-8 JSON
    const response = await stack.post(latin1);
    // THEN it is a 400 ValidationError naming /Name, and Connect is not called
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'ValidationError', details: [{ path: '/Name' }] } } });
    expect(startCalls()).toBe(before);
  });

  test('charset=iso-8859-1 is a 415: "café" is never stored as caf\uFFFD', async () => {
    // GIVEN a task named "café", in Latin-1 bytes
    const before = startCalls();
    const latin1 = Buffer.from(JSON.stringify(task({ Name: 'café' })), 'latin1');
    // WHEN it is posted declaring charset=iso-8859-1
    const response = await stack.post(latin1, { 'Content-Type': 'application/json; charset=iso-8859-1' });
    // THEN it is a 415 UnsupportedMediaType, and Connect is not called
    expect(response).toMatchObject({ status: 415, body: { error: { code: 'UnsupportedMediaType' } } });
    expect(startCalls()).toBe(before);
  });

  test(`the ${CHAIN_LIMIT + 1}th task chained to one PreviousContactId is a 409 ServiceQuotaExceeded`, async () => {
    // GIVEN a task that as many tasks as Connect allows are chained to, all posted unthrottled: the chain's
    // quota is under test, and at Connect's 2/s, burst 5, the SDK's jittered retries can end some of 14 posts in a 429
    stack.emulator.setThrottle('off');
    const previous = (await stack.post(task())).body.ContactId;
    for (let i = 0; i < CHAIN_LIMIT; i++) expect((await stack.post(task({ PreviousContactId: previous }))).status).toBe(201);

    // WHEN one more task chained to it is posted
    const response = await stack.post(task({ PreviousContactId: previous }));
    // THEN it is a 409 ServiceQuotaExceeded
    expect(response).toMatchObject({ status: 409, body: { error: { code: 'ServiceQuotaExceeded' } } });
  });

  test('a throttling Connect is a 429 with Retry-After once the SDK has retried', async () => {
    // GIVEN a Connect that throttles every call
    stack.emulator.setThrottle({ rate: 0, burst: 0 });
    const before = startCalls();

    // WHEN a task is posted
    const response = await stack.post(task());

    // THEN it is a 429 Throttled with a Retry-After, after the SDK's three attempts
    expect(response).toMatchObject({ status: 429, body: { error: { code: 'Throttled' } } });
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(startCalls() - before).toBe(3);
  });

  test('a failing Connect is a 502 UpstreamError once the SDK has retried', async () => {
    // GIVEN a Connect whose next three StartTaskContact calls fail
    stack.emulator.injectFault({ kind: 'error', count: 3, operation: 'StartTaskContact' });
    // WHEN a task is posted
    const response = await stack.post(task());
    // THEN it is a 502 UpstreamError
    expect(response).toMatchObject({ status: 502, body: { error: { code: 'UpstreamError' } } });
  });

  test('a bad body is a 400 ValidationError that never reaches Connect; a wrong media type a 415', async () => {
    // GIVEN a body that is not JSON, a task that breaks three rules, and a task sent as text/plain
    const before = startCalls();
    // WHEN each is posted
    const notJson = await stack.post('{"Name": ');
    const broken = await stack.post(task({ Name: '', ContactFlowId: undefined, Colour: 'red' }));
    const text = await stack.post(task(), { 'Content-Type': 'text/plain' });

    // THEN the first two are 400 ValidationErrors, the second with a detail per rule, the third a 415
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'ValidationError' } } });
    expect(broken).toMatchObject({ status: 400, body: { error: { code: 'ValidationError', details: expect.any(Array) } } });
    expect(broken.body.error?.details?.length).toBeGreaterThanOrEqual(3);
    expect(text).toMatchObject({ status: 415, body: { error: { code: 'UnsupportedMediaType' } } });
    // AND none reached Connect
    expect(startCalls()).toBe(before);
  });

  test('an epoch ScheduledTime beyond the range of a date is a 400 ValidationError, not a failed Connect call', async () => {
    // GIVEN a task due at Number.MAX_SAFE_INTEGER epoch seconds
    const farFuture = task({ ScheduledTime: Number.MAX_SAFE_INTEGER });
    // WHEN it is posted
    const response = await stack.post(farFuture);
    // THEN the handler refuses it with a 400 ValidationError
    expect(response).toMatchObject({ status: 400, body: { error: { code: 'ValidationError' } } });
  });

  test('retries with one Idempotency-Key create one contact', async () => {
    // GIVEN a task and an Idempotency-Key
    const contacts = stack.emulator.state.contacts.size;
    const headers = { 'Idempotency-Key': 'crm-ticket-8812' };

    // WHEN it is posted twice with that key
    const responses = [await stack.post(task(), headers), await stack.post(task(), headers)];

    // THEN both are 201s naming one contact, the only one created
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    expect(responses[1].body.ContactId).toBe(responses[0].body.ContactId);
    expect(stack.emulator.state.contacts.size).toBe(contacts + 1);
  });

  test('ScheduledTime as ISO-8601 with an offset and as epoch seconds land as the same instant', async () => {
    // GIVEN one instant an hour ahead, written in epoch seconds and as ISO-8601 at +02:00
    const epochSeconds = Math.floor(Date.now() / 1000) + 3600;
    const inParis = new Date((epochSeconds + 2 * 3600) * 1000).toISOString().replace(/\.\d{3}Z$/, '+02:00');

    // WHEN a task is posted for each
    const ids = await Promise.all(
      [inParis, epochSeconds].map(async (ScheduledTime) => (await stack.post(task({ ScheduledTime }))).body.ContactId),
    );

    // THEN Connect holds both contacts scheduled at that instant
    for (const id of ids) {
      expect(stack.emulator.state.contacts.get(id!)?.ScheduledTimestamp).toEqual(new Date(epochSeconds * 1000));
    }
  });

  test('another path, or a method a path does not serve, is 403 MissingAuthenticationToken, as API Gateway answers it', async () => {
    // GIVEN the task API's routes: POST /tasks and GET, PATCH, DELETE /tasks/{contactId}
    // WHEN a request names another path, or a method no route of its path serves
    const responses = await Promise.all([
      stack.send('POST', '/contacts', {}),
      stack.send('GET', '/tasks'),
      stack.send('PUT', `/tasks/${randomUUID()}`, {}),
    ]);
    // THEN each gets API Gateway's answer to an undefined route, in the JSON error shape
    for (const response of responses) {
      expect(response).toMatchObject({
        status: 403,
        body: { error: { code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' }, requestId: expect.any(String) },
      });
      expect(response.headers.get('allow')).toBeNull();
    }
  });
});

describe('a hung Connect', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({ handlerEnv: { [START_TASK_ENV.connectTimeoutMs]: '500' } });
  });
  afterAll(() => stack.close());

  test('one hung attempt is retried within CONNECT_TIMEOUT_MS: each attempt has a third of it', async () => {
    // GIVEN a handler with a 500 ms Connect deadline, and a Connect whose next call hangs for 5 s
    stack.emulator.injectFault({ kind: 'delay', count: 1, ms: 5000, operation: 'StartTaskContact' });
    const started = Date.now();

    // WHEN a task is posted
    const response = await stack.post(task());

    // THEN the next attempt creates it, within a second
    expect(response.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('is a 504 UpstreamTimeout after CONNECT_TIMEOUT_MS, well before a Lambda timeout', async () => {
    // GIVEN a handler with a 500 ms Connect deadline, and a Connect whose next three calls hang for 5 s
    stack.emulator.injectFault({ kind: 'delay', count: 3, ms: 5000, operation: 'StartTaskContact' });
    const started = Date.now();

    // WHEN a task is posted
    const response = await stack.post(task());

    // THEN it is a 504 UpstreamTimeout within two seconds
    expect(response).toMatchObject({ status: 504, body: { error: { code: 'UpstreamTimeout' } } });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
