import { connectError, FUTURE, lifecycleEvent, loadWithTask, scheduledTask } from './lifecycle-harness';
import { call, context, INSTANCE_ID, loadHandler } from './start-task-harness';

/**
 * The lifecycle handlers with a mocked Connect client, for what the emulator cannot stage: a
 * failure after every change, a task that ends between two calls, a Connect that never answers.
 * The end-to-end tests (test/e2e/lifecycle.test.ts) cover the routes against the emulator.
 */

describe('PATCH /tasks/{contactId}', () => {
  test('every change applied, then the read-back fails: the answer says all were applied and none is left', async () => {
    // GIVEN a Connect that applies every change, then fails to describe the task again
    const loaded = loadWithTask('update-task');
    loaded.connect
      .on(loaded.sdk.DescribeContactCommand)
      .resolvesOnce({ Contact: scheduledTask })
      .rejects(connectError('InternalServiceException'));
    loaded.connect.on(loaded.sdk.UpdateContactScheduleCommand).resolves({});
    loaded.connect.on(loaded.sdk.UpdateContactCommand).resolves({});
    // WHEN a new scheduled time and a new name are patched
    const response = await call(
      loaded,
      lifecycleEvent('PATCH', { ScheduledTime: Math.floor(FUTURE.getTime() / 1000) + 60, Name: 'Renamed' }),
    );
    // THEN the answer is a 502 UpstreamError saying both changes were applied and none is left
    expect(response).toMatchObject({
      status: 502,
      body: {
        error: {
          code: 'UpstreamError',
          applied: ['ScheduledTime', 'Name'],
          notApplied: [],
          message: expect.stringMatching(/every change was applied/) as unknown,
        },
      },
    });
  });

  test('each call addresses the deployment instance; attributes go to the initial contact', async () => {
    // GIVEN a task that was transferred: its attributes live on its initial contact
    const loaded = loadWithTask('update-task');
    loaded.connect.on(loaded.sdk.DescribeContactCommand).resolves({ Contact: { ...scheduledTask, InitialContactId: 'initial-1' } });
    loaded.connect.on(loaded.sdk.UpdateContactAttributesCommand).resolves({});
    // WHEN an attribute is patched
    const response = await call(loaded, lifecycleEvent('PATCH', { Attributes: { tier: 'gold' } }));
    // THEN the patch succeeds
    expect(response.status).toBe(200);
    // AND the attributes are written to the initial contact on the deployment's instance
    const [update] = loaded.connect.commandCalls(loaded.sdk.UpdateContactAttributesCommand);
    expect(update.args[0].input).toEqual({ InstanceId: INSTANCE_ID, InitialContactId: 'initial-1', Attributes: { tier: 'gold' } });
    // AND every call to Connect names the deployment's instance
    for (const { args } of loaded.connect.calls()) expect((args[0].input as { InstanceId: string }).InstanceId).toBe(INSTANCE_ID);
  });

  test('no name, description, reference or attribute reaches the log', async () => {
    // GIVEN every log line captured, a Connect that updates the contact but fails on its attributes,
    // AND a patch carrying a name, description, reference and attribute that must stay private
    const lines: unknown[] = [];
    for (const level of ['info', 'warn', 'error'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(...args));
    }
    const loaded = loadWithTask('update-task');
    loaded.connect.on(loaded.sdk.UpdateContactCommand).resolves({});
    loaded.connect.on(loaded.sdk.UpdateContactAttributesCommand).rejects(connectError('InternalServiceException'));
    const secrets = {
      Name: 'Jane Roe',
      Description: 'diagnosis',
      References: { chart: { Type: 'STRING', Value: 'chart-7' } },
      Attributes: { ssn: '078-05-1120' },
    };
    // WHEN a change that succeeds in part, and one that breaks the rules
    await call(loaded, lifecycleEvent('PATCH', secrets));
    await call(loaded, lifecycleEvent('PATCH', { ...secrets, Attributes: { 'bad key': '078-05-1120' } }));
    // THEN each is logged once, and no private value or key is in the log
    expect(lines).toHaveLength(2);
    for (const secret of ['Jane Roe', 'diagnosis', 'chart', 'chart-7', 'ssn', '078-05-1120', 'bad key']) {
      expect(JSON.stringify(lines)).not.toContain(secret);
    }
  });
});

describe('DELETE /tasks/{contactId}', () => {
  test('a task that ends between DescribeContact and StopContact is a 204: there is nothing left to stop', async () => {
    // GIVEN a task that Connect describes, then no longer finds when asked to stop it
    const loaded = loadWithTask('cancel-task');
    loaded.connect.on(loaded.sdk.StopContactCommand).rejects(connectError('ContactNotFoundException'));

    // WHEN the task is cancelled
    const response = await loaded.handler(lifecycleEvent('DELETE'), context);

    // THEN the answer is a 204 with an empty body and no Content-Type
    expect(response).toMatchObject({ statusCode: 204, body: '' });
    expect(response.headers).not.toHaveProperty('Content-Type');
  });

  test('another failure of StopContact is answered as one', async () => {
    // GIVEN a task whose StopContact Connect throttles
    const loaded = loadWithTask('cancel-task');
    loaded.connect.on(loaded.sdk.StopContactCommand).rejects(connectError('ThrottlingException'));

    // WHEN the task is cancelled
    const response = await call(loaded, lifecycleEvent('DELETE'));

    // THEN the throttling is answered as a 429 Throttled with a Retry-After
    expect(response).toMatchObject({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'Throttled' } } });
  });
});

describe('every lifecycle route', () => {
  test.each(['get-task', 'update-task', 'cancel-task'])(
    '%s: an event without a contactId, or not from API Gateway, is a 400',
    async (name) => {
      // GIVEN the route's handler with a task in Connect
      const loaded = loadWithTask(name);

      // WHEN it is called with an event without a contactId, and with an event not from API Gateway
      const withoutId = await call(loaded, lifecycleEvent('GET', undefined, null));
      const notProxy = await call(loaded, { detail: 'not an API Gateway event' });

      // THEN both are 400 ValidationErrors, the first naming contactId, and Connect is never called
      expect(withoutId).toMatchObject({ status: 400, body: { error: { code: 'ValidationError', details: [{ path: 'contactId' }] } } });
      expect(notProxy).toMatchObject({ status: 400, body: { error: { code: 'ValidationError' } } });
      expect(loaded.connect.calls()).toHaveLength(0);
    },
  );

  test.each(['get-task', 'update-task', 'cancel-task'].flatMap((name) => ['.', '..'].map((id) => [name, id])))(
    '%s: a contactId %s (a dot segment, which would call another path of Connect) is a 404 TaskNotFound',
    async (name, contactId) => {
      // GIVEN the route's handler with a task in Connect
      const loaded = loadWithTask(name);
      // WHEN it is called for a dot segment
      const method = name === 'get-task' ? 'GET' : name === 'cancel-task' ? 'DELETE' : 'PATCH';
      const response = await call(loaded, lifecycleEvent(method, method === 'PATCH' ? { Name: 'x' } : undefined, { contactId }));
      // THEN it is the 404 of any id that names no task, and Connect is never called
      expect(response).toMatchObject({ status: 404, body: { error: { code: 'TaskNotFound' } } });
      expect(loaded.connect.calls()).toHaveLength(0);
    },
  );

  test('update-task: an Idempotency-Key, which PATCH does not use, is ignored whatever it holds', async () => {
    // GIVEN the PATCH handler with a task in Connect, and a key POST /tasks would refuse
    const loaded = loadWithTask('update-task');
    const e = lifecycleEvent('PATCH', { Name: 'x' });
    // WHEN the task is changed with that key among its headers
    const response = await call(loaded, { ...e, headers: { ...e.headers, 'Idempotency-Key': 'k'.repeat(600) } });
    // THEN the change is made
    expect(response.status).toBe(200);
  });

  test.each(['get-task', 'update-task', 'cancel-task'])(
    '%s: a Connect that never answers is a 504 within CONNECT_TIMEOUT_MS, not a Lambda timeout',
    async (name) => {
      // GIVEN a Connect that hangs on the first call
      const loaded = loadHandler({ CONNECT_TIMEOUT_MS: '300' }, name);
      loaded.connect.callsFake(() => new Promise(() => undefined));
      const started = Date.now();
      // WHEN the route is called
      const response = await call(
        loaded,
        lifecycleEvent(
          name === 'get-task' ? 'GET' : name === 'cancel-task' ? 'DELETE' : 'PATCH',
          name === 'update-task' ? { Name: 'x' } : undefined,
        ),
      );
      // THEN the answer is a 504 UpstreamTimeout, well before a Lambda timeout
      expect(response).toMatchObject({ status: 504, body: { error: { code: 'UpstreamTimeout' } } });
      expect(Date.now() - started).toBeLessThan(1500);
    },
  );
});
