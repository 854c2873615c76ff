import { StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { OperationName } from '../../emulator/model';
import { codeBlock } from '../docs/code-blocks';
import { connectClient, INSTANCE, US_INSTANCE } from '../emulator/fixtures';
import { type LocalStack, startLocalStack, type TaskResponse } from './harness';

const HOUR = 3600;
/** The instant `seconds` from now, in whole seconds. */
const inSeconds = (seconds: number) => new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
/** An instant as ScheduledTime in a body: RFC 3339 with an offset, without fractions. */
const scheduledTime = (instant: Date) => instant.toISOString().replace('.000Z', 'Z');
const RFC_3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const task = (fields: Record<string, unknown> = {}) => ({ Name: 'Call back customer 42', ContactFlowId: INSTANCE.flowId, ...fields });

describe('/tasks/{contactId} through the local endpoint, against the emulator', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    // Each test makes a burst of Connect calls; the throttling test sets a throttle of its own.
    stack = await startLocalStack({ emulator: { throttle: 'off' } });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.clearFaults());

  const calls = (operation: OperationName) => stack.emulator.state.requests.get(operation) ?? 0;
  const create = async (fields: Record<string, unknown> = {}) => {
    const response = await stack.post(task(fields));
    expect(response.status).toBe(201);
    return response.body.ContactId as string;
  };
  const get = (id: string, query = '') => stack.send('GET', `/tasks/${id}${query}`);
  const patch = (id: string, body: unknown, headers?: Record<string, string>) => stack.send('PATCH', `/tasks/${id}`, body, headers);
  const cancel = (id: string) => stack.send('DELETE', `/tasks/${id}`);

  test('create, read, reschedule, read, cancel, read the ended task, cancel again', async () => {
    // GIVEN the local endpoint and emulator of beforeAll, and a task created scheduled an hour ahead
    const due = inSeconds(HOUR);
    const id = await create({
      Description: 'Asked for a callback',
      ScheduledTime: scheduledTime(due),
      Attributes: { accountId: '42' },
      References: { crm: { Type: 'URL', Value: 'https://crm.example.com/42' } },
    });

    // WHEN it is read, THEN it is SCHEDULED, with its fields, references and RFC 3339 timestamps
    const scheduled = await get(id);
    expect(scheduled).toMatchObject({
      status: 200,
      body: {
        ContactId: id,
        Name: 'Call back customer 42',
        Description: 'Asked for a callback',
        InitiationMethod: 'API',
        State: 'SCHEDULED',
        ScheduledTimestamp: due.toISOString(),
        References: { crm: { Type: 'URL', Value: 'https://crm.example.com/42' } },
      },
    });
    expect(scheduled.body.InitiationTimestamp).toMatch(RFC_3339_UTC);
    expect(scheduled.body).not.toHaveProperty('Attributes');
    expect(scheduled.body).not.toHaveProperty('DisconnectTimestamp');

    // WHEN it is rescheduled and renamed, THEN the answer is the updated task, and a read agrees
    const later = inSeconds(2 * HOUR);
    const rescheduled = await patch(id, { ScheduledTime: scheduledTime(later), Name: 'Call back customer 42 on Thursday' });
    expect(rescheduled).toMatchObject({
      status: 200,
      body: { ContactId: id, State: 'SCHEDULED', ScheduledTimestamp: later.toISOString(), Name: 'Call back customer 42 on Thursday' },
    });
    expect((await get(id)).body).toEqual(rescheduled.body);

    // WHEN it is cancelled, THEN 204 with no body (the harness reads none as {}), and it reads as ENDED
    const cancelled = await cancel(id);
    expect(cancelled.status).toBe(204);
    expect(cancelled.body).toEqual({});
    const ended = await get(id);
    expect(ended).toMatchObject({
      status: 200,
      body: { State: 'ENDED', DisconnectTimestamp: expect.stringMatching(RFC_3339_UTC) as unknown },
    });

    // WHEN it is cancelled again, THEN 204 once more, without asking Connect to stop it twice
    const stops = calls('StopContact');
    expect((await cancel(id)).status).toBe(204);
    expect(calls('StopContact')).toBe(stops);
  });

  test('a task reads as docs/task-lifecycle.md shows it: the same fields, in the same form', async () => {
    // GIVEN a task created with the documented task's content, scheduled an hour ahead and chained to another task
    const documented = JSON.parse(codeBlock('docs/task-lifecycle.md', 'task')) as Record<string, unknown>;
    const previous = await create();
    const due = inSeconds(HOUR);
    const { Name, Description, References, Attributes } = documented;
    const id = await create({ Name, Description, References, Attributes, PreviousContactId: previous, ScheduledTime: scheduledTime(due) });
    // WHEN it is read with its attributes
    const read = await get(id, '?include=attributes');
    // THEN it has exactly the documented fields, with its own ids and instants
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      ...documented,
      ContactId: id,
      PreviousContactId: previous,
      InitiationTimestamp: expect.stringMatching(RFC_3339_UTC) as unknown,
      ScheduledTimestamp: due.toISOString(),
    });
  });

  test('?include=attributes adds the attributes, from GetContactAttributes; another include is a 400', async () => {
    // GIVEN a task created with two attributes
    const id = await create({ Attributes: { accountId: '42', tier: 'gold' } });

    // WHEN it is read with ?include=attributes, and with an include the route does not know
    const withAttributes = await get(id, '?include=attributes');
    const bogus = await get(id, '?include=everything');

    // THEN the first read carries the attributes; the second is a 400 ValidationError naming include
    expect(withAttributes).toMatchObject({ status: 200, body: { Attributes: { accountId: '42', tier: 'gold' } } });
    expect(bogus).toMatchObject({ status: 400, body: { error: { code: 'ValidationError', details: [{ path: 'include' }] } } });
  });

  test('a throttling Connect is a 429 with Retry-After once the SDK has retried', async () => {
    // GIVEN a task created, then Connect throttled to nothing
    const id = await create();
    stack.emulator.setThrottle({ rate: 0, burst: 0 });
    try {
      // WHEN it is read
      const response = await get(id);
      // THEN the answer is a 429 Throttled with a Retry-After of more than 0 seconds
      expect(response).toMatchObject({ status: 429, body: { error: { code: 'Throttled' } } });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      stack.emulator.setThrottle('off');
    }
  });

  test('a started task reads as QUEUED, then CONNECTED once an agent has it', async () => {
    // GIVEN a task created without a schedule: it starts at once
    const id = await create();
    // WHEN it is read THEN it is QUEUED
    expect((await get(id)).body.State).toBe('QUEUED');

    // WHEN an agent is connected to it
    stack.emulator.state.contacts.get(id)!.AgentInfo = { Id: 'agent-1', ConnectedToAgentTimestamp: new Date() };

    // THEN it reads as CONNECTED
    expect((await get(id)).body.State).toBe('CONNECTED');
  });

  describe('only tasks of this instance', () => {
    const notFound = { status: 404, body: { error: { code: 'TaskNotFound', message: 'this instance has no task with that ContactId' } } };
    const routes = (id: string) => [get(id), patch(id, { Name: 'Hijacked' }), cancel(id)];

    test.each([
      ['a voice contact', INSTANCE.voiceContactId],
      ['a chat contact', INSTANCE.chatContactId],
      ['an unknown id', 'ffffffff-0000-0000-0000-000000000000'],
      ['an id longer than a ContactId can be', 'x'.repeat(257)],
    ])('%s is a 404 TaskNotFound on GET, PATCH and DELETE, and nothing is changed or stopped', async (_, id) => {
      // GIVEN the emulator's count of UpdateContact and StopContact calls
      const before = { update: calls('UpdateContact'), stop: calls('StopContact') };
      // WHEN the row's id is read, renamed and cancelled
      const responses = await Promise.all(routes(id));
      // THEN each answer is a 404 TaskNotFound
      for (const response of responses) expect(response).toMatchObject(notFound);
      // AND nothing was updated or stopped: a seeded contact keeps no name and is not disconnected
      expect({ update: calls('UpdateContact'), stop: calls('StopContact') }).toEqual(before);
      const seeded = stack.emulator.state.contacts.get(id);
      expect([seeded?.Name, seeded?.DisconnectTimestamp]).toEqual([undefined, undefined]);
    });

    test("another instance's task is a 404 exactly like an unknown id", async () => {
      // GIVEN a task of the us-east-1 instance
      const us = connectClient(stack.emulator.url, { region: US_INSTANCE.region });
      const { ContactId } = await us.send(
        new StartTaskContactCommand({ InstanceId: US_INSTANCE.id, Name: 'US task', ContactFlowId: US_INSTANCE.flowId }),
      );
      us.destroy();
      // WHEN it is read, renamed and cancelled through this instance's endpoint, as is an unknown id
      const responses = await Promise.all(routes(ContactId!));
      const unknown = await Promise.all(routes('ffffffff-0000-0000-0000-000000000000'));
      // THEN the answers match the unknown id's, request ids aside, and the task is not stopped
      const withoutRequestId = (r: TaskResponse) => ({ status: r.status, error: r.body.error });
      expect(responses.map(withoutRequestId)).toEqual(unknown.map(withoutRequestId));
      expect(stack.emulator.state.contacts.get(ContactId!)!.DisconnectTimestamp).toBeUndefined();
    });
  });

  describe('PATCH', () => {
    test('rescheduling a task that has started is a 409 TaskAlreadyStarted, and nothing else in the body is applied', async () => {
      // GIVEN a task that started at once
      const id = await create();
      const before = { schedule: calls('UpdateContactSchedule'), update: calls('UpdateContact') };
      // WHEN it is rescheduled and renamed in one PATCH
      const response = await patch(id, { ScheduledTime: scheduledTime(inSeconds(HOUR)), Name: 'Renamed' });
      // THEN the answer is a 409 TaskAlreadyStarted without an applied list
      expect(response).toMatchObject({ status: 409, body: { error: { code: 'TaskAlreadyStarted' } } });
      expect(response.body.error).not.toHaveProperty('applied');
      // AND neither Connect update was called, and the task keeps its name
      expect({ schedule: calls('UpdateContactSchedule'), update: calls('UpdateContact') }).toEqual(before);
      expect(stack.emulator.state.contacts.get(id)!.Name).toBe('Call back customer 42');
    });

    test('a task that has started may still be renamed, get references and attributes', async () => {
      // GIVEN a task that started at once, with an accountId attribute
      const id = await create({ Attributes: { accountId: '42' } });

      // WHEN it is renamed, its description emptied, and given a reference and an attribute
      const response = await patch(id, {
        Name: 'Customer 42 called back',
        Description: '',
        References: { ticket: { Type: 'NUMBER', Value: '8812' } },
        Attributes: { outcome: 'resolved' },
      });

      // THEN the answer is the updated task, still QUEUED
      expect(response).toMatchObject({
        status: 200,
        body: {
          State: 'QUEUED',
          Name: 'Customer 42 called back',
          Description: '',
          References: { ticket: { Type: 'NUMBER', Value: '8812' } },
        },
      });
      // AND the new attribute is added to the one it had
      expect((await get(id, '?include=attributes')).body.Attributes).toEqual({ accountId: '42', outcome: 'resolved' });
    });

    test('only the Connect calls the body needs are made', async () => {
      // GIVEN a task scheduled an hour ahead, and the emulator's count of each update call
      const id = await create({ ScheduledTime: scheduledTime(inSeconds(HOUR)) });
      const count = () => (['UpdateContactSchedule', 'UpdateContact', 'UpdateContactAttributes'] as const).map(calls);
      const before = count();

      // WHEN only an attribute is patched
      await patch(id, { Attributes: { tier: 'gold' } });

      // THEN only UpdateContactAttributes was called, once
      expect(count()).toEqual([before[0], before[1], before[2] + 1]);
    });

    test('the body obeys the rules of POST /tasks for the fields it carries, before Connect is called', async () => {
      // GIVEN a task scheduled an hour ahead, and the emulator's count of update calls
      const id = await create({ ScheduledTime: scheduledTime(inSeconds(HOUR)) });
      const before = calls('UpdateContactSchedule') + calls('UpdateContact') + calls('UpdateContactAttributes');

      // WHEN it is patched with no change, a past or too distant time, a field only a create takes,
      // an empty name with a bad attribute key and an attachment, a URL that is not one, and a text body
      const empty = await patch(id, {});
      const past = await patch(id, { ScheduledTime: scheduledTime(inSeconds(-HOUR)) });
      const beyond = await patch(id, { ScheduledTime: scheduledTime(inSeconds(7 * 24 * HOUR)) });
      const creationOnly = await patch(id, { ContactFlowId: INSTANCE.flowId });
      const bad = await patch(id, {
        Name: '',
        Attributes: { 'account id': '42' },
        References: { file: { Type: 'ATTACHMENT', Value: 'x' } },
      });
      const badUrl = await patch(id, { References: { site: { Type: 'URL', Value: 'not a url' } } });
      const text = await patch(id, 'Name=x', { 'Content-Type': 'text/plain' });

      // THEN each is refused: a 400 ValidationError naming the broken fields, or a 415 for the text body
      const paths = (r: TaskResponse) => r.body.error?.details?.map((d) => d.path);
      expect(empty).toMatchObject({
        status: 400,
        body: {
          error: { code: 'ValidationError', details: [{ path: '', message: expect.stringMatching(/ScheduledTime, Name/) as unknown }] },
        },
      });
      expect(paths(past)).toEqual(['/ScheduledTime']);
      expect(paths(beyond)).toEqual(['/ScheduledTime']);
      expect(paths(creationOnly)).toEqual(['/ContactFlowId']);
      expect(paths(bad)).toEqual(expect.arrayContaining(['/Name', '/Attributes/account id', '/References/file/Type']));
      expect(paths(badUrl)).toEqual(['/References/site/Value']);
      expect(text).toMatchObject({ status: 415, body: { error: { code: 'UnsupportedMediaType' } } });
      // AND Connect was never asked to update
      expect(calls('UpdateContactSchedule') + calls('UpdateContact') + calls('UpdateContactAttributes')).toBe(before);
    });

    test('a later call that fails after an earlier one succeeded: the answer says which fields were applied', async () => {
      // GIVEN a Connect that fails every attempt of UpdateContactAttributes
      const id = await create({ ScheduledTime: scheduledTime(inSeconds(HOUR)) });
      stack.emulator.injectFault({ kind: 'error', count: 3, operation: 'UpdateContactAttributes' });
      const later = inSeconds(3 * HOUR);
      // WHEN it is rescheduled, renamed and given an attribute in one PATCH
      const response = await patch(id, { ScheduledTime: scheduledTime(later), Name: 'Renamed', Attributes: { tier: 'gold' } });
      // THEN the answer is a 502 UpstreamError: ScheduledTime and Name applied, Attributes not
      expect(response).toMatchObject({
        status: 502,
        body: { error: { code: 'UpstreamError', applied: ['ScheduledTime', 'Name'], notApplied: ['Attributes'] } },
      });
      // AND its body is the one docs/task-lifecycle.md shows, but for the request id
      const documented = JSON.parse(codeBlock('docs/task-lifecycle.md', 'partial-patch-error')) as Record<string, unknown>;
      expect(response.body).toEqual({ ...documented, requestId: response.body.requestId });
      // AND a read shows the new time and name, and no attribute
      expect((await get(id, '?include=attributes')).body).toMatchObject({
        Name: 'Renamed',
        ScheduledTimestamp: later.toISOString(),
        Attributes: {},
      });
    });

    test('a first call that fails applies nothing, and says so', async () => {
      // GIVEN a task, and a Connect that fails every attempt of UpdateContact
      const id = await create();
      stack.emulator.injectFault({ kind: 'error', count: 3, operation: 'UpdateContact' });

      // WHEN it is renamed
      const response = await patch(id, { Name: 'Renamed' });

      // THEN the answer is a 502 UpstreamError with nothing applied and Name not applied
      expect(response).toMatchObject({ status: 502, body: { error: { code: 'UpstreamError', applied: [], notApplied: ['Name'] } } });
      // AND the task keeps its name
      expect(stack.emulator.state.contacts.get(id)!.Name).toBe('Call back customer 42');
    });
  });
});
