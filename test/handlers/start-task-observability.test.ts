import { codeBlock } from '../docs/code-blocks';
import { emfDocument, emfViolations } from '../e2e/emf-specification';
import { metricsOfACall, observe } from './observe';
import { event, FLOW_ID, loadHandler, type LoadedHandler, useHandler } from './start-task-harness';

const valid = { Name: 'Call back customer 42', ContactFlowId: FLOW_ID };

function connectError(name: string): Error {
  return Object.assign(new Error('Connect says no'), { name, $metadata: {} });
}

/** What one POST /tasks wrote, with its answer parsed. */
async function observePost(loaded: LoadedHandler, body: unknown) {
  const observed = await observe(loaded, event(body));
  return { ...observed, status: observed.response.statusCode };
}

describe('one JSON log line and one metrics line per request', () => {
  let loaded: LoadedHandler;
  beforeAll(() => {
    loaded = loadHandler({ TASK_METRICS_API_NAME: 'OrdersTaskApi' });
  });
  beforeEach(() => {
    loaded.connect.reset();
    loaded.connect.resolves({ ContactId: 'contact-1' });
  });

  test('a created task: an info line with outcome, status, request id, Connect latency and contact id', async () => {
    // GIVEN / WHEN
    const { logs, metrics, stdout } = await observePost(loaded, valid);
    // THEN
    expect(stdout.map((line) => emfViolations(line))).toEqual([[]]);
    expect(logs).toEqual([
      {
        level: 'info',
        line: {
          outcome: 'created',
          requestId: 'gateway-request-id',
          status: 201,
          connectLatencyMs: expect.any(Number) as unknown,
          contactId: 'contact-1',
        },
      },
    ]);
    expect(metrics).toEqual(metricsOfACall({ ApiName: 'OrdersTaskApi', TasksCreated: 1, ValidationRejections: 0, ConnectThrottles: 0 }));
  });

  test('a rejected body: a warn line with the code and the fields at fault; a validation rejection, no Connect latency', async () => {
    // GIVEN / WHEN
    const { logs, metrics } = await observePost(loaded, { Name: '', ContactFlowId: FLOW_ID });
    // THEN
    expect(logs).toEqual([
      {
        level: 'warn',
        line: {
          outcome: 'rejected',
          requestId: 'gateway-request-id',
          status: 400,
          code: 'ValidationError',
          details: ['/Name'],
          detailCount: 1,
        },
      },
    ]);
    expect(metrics).toEqual([expect.objectContaining({ TasksCreated: 0, ValidationRejections: 1, ConnectThrottles: 0 }) as unknown]);
    expect(metrics[0]).not.toHaveProperty('ConnectLatency');
    expect(loaded.connect.calls()).toHaveLength(0);
  });

  test('a Connect throttle: a warn line with code Throttled and the Connect latency; one Connect throttle', async () => {
    // GIVEN
    loaded.connect.rejects(connectError('ThrottlingException'));
    // WHEN
    const { logs, metrics } = await observePost(loaded, valid);
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
    expect(metrics).toEqual(metricsOfACall({ TasksCreated: 0, ValidationRejections: 0, ConnectThrottles: 1 }));
  });

  test('a Connect 4xx after the call is not a validation rejection', async () => {
    // GIVEN
    loaded.connect.rejects(connectError('ResourceNotFoundException'));
    // WHEN
    const { metrics } = await observePost(loaded, valid);
    // THEN
    expect(metrics).toEqual(metricsOfACall({ ValidationRejections: 0 }));
  });

  test('a bug: one error line with the error name and stack frames, never its message', async () => {
    // GIVEN an answer from Connect the handler cannot read
    loaded.connect.resolves(undefined as never);
    // WHEN
    const { logs, metrics } = await observePost(loaded, valid);
    // THEN
    expect(logs).toEqual([
      {
        level: 'error',
        line: expect.objectContaining({
          outcome: 'failed',
          status: 500,
          code: 'InternalError',
          errorName: 'TypeError',
          frames: expect.any(String) as unknown,
        }) as unknown,
      },
    ]);
    expect(logs[0].line.frames).not.toMatch(/TypeError/);
    expect(metrics).toHaveLength(1);
  });

  test('without a configured API name, the metrics carry the local name', async () => {
    // GIVEN a handler loaded without TASK_METRICS_API_NAME
    const local = loadHandler();
    local.connect.resolves({ ContactId: 'c' });
    // WHEN
    const { metrics } = await observePost(local, valid);
    // THEN
    expect(metrics).toEqual([expect.objectContaining({ ApiName: 'local' }) as unknown]);
  });
});

describe("docs/operations.md's examples", () => {
  // The API name of the documented metric line.
  const loaded = useHandler({ TASK_METRICS_API_NAME: 'MyStackTasks3F2A9C1B' });

  test('the documented metric line is valid EMF, and the one a created task writes but for its time and latency', async () => {
    // GIVEN the documented line
    const documented = codeBlock('docs/operations.md', 'emf-line').trim();
    const { _aws, ...values } = emfDocument(documented);
    // WHEN a task is created
    const { stdout } = await observePost(loaded, valid);
    // THEN the documented line passes the EMF checks as of its own Timestamp
    expect(emfViolations(documented, _aws.Timestamp)).toEqual([]);
    // AND the handler's line has the same directive and values, but for Timestamp and ConnectLatency
    expect(stdout).toHaveLength(1);
    expect(emfDocument(stdout[0])).toEqual({
      _aws: { ..._aws, Timestamp: expect.any(Number) as unknown },
      ...values,
      ConnectLatency: expect.any(Number) as unknown,
    });
  });

  test("the documented Logs Insights query reads fields the log lines have, and filters on the error body's requestId", async () => {
    // GIVEN the query's fields under `message` (Lambda's JSON log format puts the logged object there)
    const query = codeBlock('docs/operations.md', 'logs-insights-query');
    const fields = [...query.matchAll(/\bmessage\.([\w.]+)/g)].map(([, path]) => path);
    // WHEN a refused body and a throttled task are logged, as Lambda nests each line
    const rejected = await observePost(loaded, { Name: '', ContactFlowId: FLOW_ID });
    loaded.connect.rejects(connectError('ThrottlingException'));
    const throttled = await observePost(loaded, valid);
    const records = [rejected, throttled].map(({ logs }) => ({ message: logs[0].line }));
    const read = (record: object, path: string) =>
      path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], record);
    // THEN each field is written by one of them
    expect(fields).toEqual(['status', 'code', 'details.0', 'connectLatencyMs', 'requestId']);
    expect(fields.filter((path) => records.every((record) => read(record, `message.${path}`) === undefined))).toEqual([]);
    // AND the requestId filtered on is the one the caller got in the error body
    expect(read(records[0], 'message.requestId')).toBe((JSON.parse(rejected.response.body) as { requestId: string }).requestId);
  });
});
