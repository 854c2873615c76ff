import { call, event, FLOW_ID, loadHandler, type LoadedHandler } from './start-task-harness';

const valid = { Name: 'Call back customer 42', ContactFlowId: FLOW_ID };

function connectError(name: string): Error {
  return Object.assign(new Error('Connect says no'), { name, $metadata: {} });
}

/** What one invocation wrote: its console calls (level and object) and its stdout lines. */
async function observe(loaded: LoadedHandler, body: unknown) {
  const logs: Array<{ level: string; line: any }> = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push({ level, line: args.length === 1 ? args[0] : args });
    }),
  );
  const stdout: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  try {
    const response = await call(loaded, event(body));
    return { response, logs, metrics: stdout.map((line) => JSON.parse(line)) };
  } finally {
    [...spies, write].forEach((s) => s.mockRestore());
  }
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
    const { logs, metrics } = await observe(loaded, valid);
    // THEN
    expect(logs).toEqual([
      {
        level: 'info',
        line: {
          outcome: 'created',
          requestId: 'gateway-request-id',
          status: 201,
          connectLatencyMs: expect.any(Number),
          contactId: 'contact-1',
        },
      },
    ]);
    expect(metrics).toEqual([
      expect.objectContaining({
        ApiName: 'OrdersTaskApi',
        TasksCreated: 1,
        ValidationRejections: 0,
        ConnectThrottles: 0,
        ConnectLatency: expect.any(Number),
      }),
    ]);
  });

  test('a rejected body: a warn line with the code and the fields at fault; a validation rejection, no Connect latency', async () => {
    // GIVEN / WHEN
    const { logs, metrics } = await observe(loaded, { Name: '', ContactFlowId: FLOW_ID });
    // THEN
    expect(logs).toEqual([
      {
        level: 'warn',
        line: { outcome: 'rejected', requestId: 'gateway-request-id', status: 400, code: 'ValidationError', details: ['/Name'] },
      },
    ]);
    expect(metrics).toEqual([expect.objectContaining({ TasksCreated: 0, ValidationRejections: 1, ConnectThrottles: 0 })]);
    expect(metrics[0]).not.toHaveProperty('ConnectLatency');
    expect(loaded.connect.calls()).toHaveLength(0);
  });

  test('a Connect throttle: a warn line with code Throttled and the Connect latency; one Connect throttle', async () => {
    // GIVEN
    loaded.connect.rejects(connectError('ThrottlingException'));
    // WHEN
    const { logs, metrics } = await observe(loaded, valid);
    // THEN
    expect(logs).toEqual([
      {
        level: 'warn',
        line: expect.objectContaining({ outcome: 'rejected', status: 429, code: 'Throttled', connectLatencyMs: expect.any(Number) }),
      },
    ]);
    expect(metrics).toEqual([
      expect.objectContaining({ TasksCreated: 0, ValidationRejections: 0, ConnectThrottles: 1, ConnectLatency: expect.any(Number) }),
    ]);
  });

  test('a Connect 4xx after the call is not a validation rejection', async () => {
    // GIVEN
    loaded.connect.rejects(connectError('ResourceNotFoundException'));
    // WHEN
    const { metrics } = await observe(loaded, valid);
    // THEN
    expect(metrics).toEqual([expect.objectContaining({ ValidationRejections: 0, ConnectLatency: expect.any(Number) })]);
  });

  test('a bug: one error line with the error name and stack frames, never its message', async () => {
    // GIVEN an answer from Connect the handler cannot read
    loaded.connect.resolves(undefined as never);
    // WHEN
    const { logs, metrics } = await observe(loaded, valid);
    // THEN
    expect(logs).toEqual([
      {
        level: 'error',
        line: expect.objectContaining({
          outcome: 'failed',
          status: 500,
          code: 'InternalError',
          errorName: 'TypeError',
          frames: expect.any(String),
        }),
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
    const { metrics } = await observe(local, valid);
    // THEN
    expect(metrics).toEqual([expect.objectContaining({ ApiName: 'local' })]);
  });
});
