import { emfViolations } from '../e2e/emf-specification';
import { connectError, CONTACT_ID, FUTURE, lifecycleEvent, loadWithTask, scheduledTask } from './lifecycle-harness';
import { metricsOfACall, observe } from './observe';

/**
 * The lifecycle routes keep the observability contract of POST /tasks: one log line per request
 * with its outcome, code, Connect latency and request id, and one embedded metric format line
 * with the endpoint's counts, neither with anything of the task's content.
 */

const ENV = { TASK_METRICS_API_NAME: 'OrdersTaskApi' };

const ROUTES = [
  { name: 'get-task', method: 'GET', body: undefined, status: 200, outcome: 'read' },
  { name: 'update-task', method: 'PATCH', body: { Description: 'Moved to Thursday' }, status: 200, outcome: 'updated' },
  { name: 'cancel-task', method: 'DELETE', body: undefined, status: 204, outcome: 'cancelled' },
] as const;

/** A handler whose Connect answers every call the routes make: the scheduled task, no references, changes applied. */
function loadAnswering(name: string) {
  const loaded = loadWithTask(name, ENV);
  for (const command of [loaded.sdk.UpdateContactCommand, loaded.sdk.StopContactCommand]) loaded.connect.on(command).resolves({});
  return loaded;
}

describe.each(ROUTES)('$method /tasks/{contactId}', ({ name, method, body, status, outcome }) => {
  test(`answered: one ${outcome} info line, and one valid EMF line with the Connect latency`, async () => {
    // GIVEN
    const loaded = loadAnswering(name);
    // WHEN
    const { response, logs, stdout, metrics } = await observe(loaded, lifecycleEvent(method, body));
    // THEN
    expect(response.statusCode).toBe(status);
    expect(logs).toEqual([
      {
        level: 'info',
        line: expect.objectContaining({
          outcome,
          requestId: 'gateway-request-id',
          status,
          contactId: CONTACT_ID,
          connectLatencyMs: expect.any(Number) as unknown,
        }) as unknown,
      },
    ]);
    expect(stdout.map((line) => emfViolations(line))).toEqual([[]]);
    expect(metrics).toEqual(metricsOfACall({ ApiName: 'OrdersTaskApi', TasksCreated: 0, ValidationRejections: 0, ConnectThrottles: 0 }));
  });

  test('Connect throttles it: a warn line with code Throttled; one Connect throttle, not a validation rejection', async () => {
    // GIVEN
    const loaded = loadWithTask(name, ENV);
    loaded.connect.on(loaded.sdk.DescribeContactCommand).rejects(connectError('ThrottlingException'));
    // WHEN
    const { logs, metrics } = await observe(loaded, lifecycleEvent(method, body));
    // THEN
    expect(logs).toEqual([
      {
        level: 'warn',
        line: expect.objectContaining({
          outcome: 'rejected',
          status: 429,
          code: 'Throttled',
          connectLatencyMs: expect.any(Number) as unknown,
        }) as unknown,
      },
    ]);
    expect(metrics).toEqual([expect.objectContaining({ ConnectThrottles: 1, ValidationRejections: 0 }) as unknown]);
  });

  test('an unknown task: a 404 TaskNotFound after Connect, with its latency; not a validation rejection', async () => {
    // GIVEN
    const loaded = loadWithTask(name, ENV);
    loaded.connect.on(loaded.sdk.DescribeContactCommand).rejects(connectError('ResourceNotFoundException'));
    // WHEN
    const { logs, metrics } = await observe(loaded, lifecycleEvent(method, body));
    // THEN
    expect(logs.map((l) => l.line)).toEqual([
      expect.objectContaining({ status: 404, code: 'TaskNotFound', connectLatencyMs: expect.any(Number) as unknown }) as unknown,
    ]);
    expect(metrics).toEqual(metricsOfACall({ ValidationRejections: 0 }));
  });
});

describe('requests refused by the rules before Connect', () => {
  test.each([
    ['PATCH that breaks a rule', 'update-task', () => lifecycleEvent('PATCH', { Name: '' }), '/Name'],
    [
      'GET with an include a task does not have',
      'get-task',
      () => lifecycleEvent('GET', undefined, undefined, { include: 'secrets' }),
      'include',
    ],
  ])('%s: a warn line with the field at fault, one validation rejection, no Connect latency', async (_, name, event, path) => {
    // GIVEN
    const loaded = loadWithTask(name, ENV);
    // WHEN
    const { logs, metrics } = await observe(loaded, event());
    // THEN
    expect(logs).toEqual([
      {
        level: 'warn',
        line: {
          outcome: 'rejected',
          requestId: 'gateway-request-id',
          status: 400,
          code: 'ValidationError',
          details: [path],
          detailCount: 1,
        },
      },
    ]);
    expect(metrics).toEqual([expect.objectContaining({ TasksCreated: 0, ValidationRejections: 1, ConnectThrottles: 0 }) as unknown]);
    expect(metrics[0]).not.toHaveProperty('ConnectLatency');
    expect(loaded.connect.calls()).toHaveLength(0);
  });
});

describe('Connect latency', () => {
  test('a PATCH that makes several calls reports the time it waited on all of them', async () => {
    // GIVEN a Connect that takes 40 ms for every call
    const loaded = loadAnswering('update-task');
    const slowly = (answer: object) => () => new Promise((resolve) => setTimeout(() => resolve(answer), 40));
    loaded.connect.on(loaded.sdk.DescribeContactCommand).callsFake(slowly({ Contact: scheduledTask }));
    loaded.connect.on(loaded.sdk.UpdateContactScheduleCommand).callsFake(slowly({}));
    loaded.connect.on(loaded.sdk.UpdateContactCommand).callsFake(slowly({}));
    loaded.connect.on(loaded.sdk.ListContactReferencesCommand).callsFake(slowly({ ReferenceSummaryList: [] }));
    // WHEN it reschedules and renames: DescribeContact, UpdateContactSchedule, UpdateContact, then the
    // read-back (DescribeContact, then ListContactReferences): five calls one after another
    const { logs, metrics } = await observe(
      loaded,
      lifecycleEvent('PATCH', { ScheduledTime: Math.floor(FUTURE.getTime() / 1000) + 60, Name: 'Renamed' }),
    );
    // THEN
    expect(loaded.connect.calls()).toHaveLength(5);
    expect(logs[0].line.connectLatencyMs).toBeGreaterThanOrEqual(5 * 35);
    expect(metrics[0].ConnectLatency).toBe(logs[0].line.connectLatencyMs);
  });
});

describe('nothing of the task reaches a log or metrics line', () => {
  const secrets = ['Jane Roe', 'diagnosis', 'chart-7', 'https://crm.example.com/patients/7', '078-05-1120', 'ssn'];

  test('GET ?include=attributes of a task with a name, description, reference URL and attributes', async () => {
    // GIVEN
    const loaded = loadWithTask('get-task', ENV);
    loaded.connect
      .on(loaded.sdk.DescribeContactCommand)
      .resolves({ Contact: { ...scheduledTask, Name: 'Jane Roe', Description: 'diagnosis' } });
    loaded.connect.on(loaded.sdk.ListContactReferencesCommand).resolves({
      ReferenceSummaryList: [
        { Url: { Name: 'crm', Value: 'https://crm.example.com/patients/7' } },
        { String: { Name: 'chart', Value: 'chart-7' } },
      ],
    });
    loaded.connect.on(loaded.sdk.GetContactAttributesCommand).resolves({ Attributes: { ssn: '078-05-1120' } });
    // WHEN
    const { response, logs, stdout } = await observe(loaded, lifecycleEvent('GET', undefined, undefined, { include: 'attributes' }));
    // THEN the caller gets them, the log and the metrics do not
    expect(response.body).toContain('https://crm.example.com/patients/7');
    const written = JSON.stringify({ logs, stdout });
    for (const secret of secrets) expect(written).not.toContain(secret);
  });

  test('a PATCH that fails half-way, and one that breaks the rules', async () => {
    // GIVEN
    const loaded = loadWithTask('update-task', ENV);
    loaded.connect.on(loaded.sdk.UpdateContactCommand).resolves({});
    loaded.connect.on(loaded.sdk.UpdateContactAttributesCommand).rejects(connectError('InternalServiceException'));
    const patch = {
      Name: 'Jane Roe',
      Description: 'diagnosis',
      References: { chart: { Type: 'STRING', Value: 'chart-7' }, crm: { Type: 'URL', Value: 'https://crm.example.com/patients/7' } },
      Attributes: { ssn: '078-05-1120' },
    };
    // WHEN
    const failed = await observe(loaded, lifecycleEvent('PATCH', patch));
    const refused = await observe(loaded, lifecycleEvent('PATCH', { ...patch, Attributes: { 'bad key ssn': '078-05-1120' } }));
    // THEN
    expect([failed.response.statusCode, refused.response.statusCode]).toEqual([502, 400]);
    const written = JSON.stringify([failed.logs, failed.stdout, refused.logs, refused.stdout]);
    for (const secret of [...secrets, 'chart', 'crm']) expect(written).not.toContain(secret);
  });
});
