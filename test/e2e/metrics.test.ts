import { PassThrough } from 'node:stream';
import { CONNECT_DEFAULT_QUOTA, TASK_METRICS_ENV, TASK_METRICS_NAMESPACE } from '../../lib/contract';
import { INSTANCE } from '../emulator/fixtures';
import { type AsyncStack, startAsyncStack } from './async-harness';
import { emfDocument, emfDocuments, emfViolations } from './emf-specification';
import { type LocalStack, startLocalStack, type TaskResponse } from './harness';

/** A ContactId no task of the emulator's instance has. */
const UNKNOWN_CONTACT = 'aaaaaaaa-0000-4000-8000-000000000000';

const task = (fields: Record<string, unknown> = {}) => ({ Name: 'Call back customer 42', ContactFlowId: INSTANCE.flowId, ...fields });

/**
 * The bundled handlers, as they ship, behind the local endpoint: every request to any route
 * leaves exactly one embedded metric format line on stdout, valid by the EMF specification,
 * with the counts of its outcome.
 */
describe('the handlers publish their metrics as embedded metric format lines', () => {
  let stack: LocalStack;
  let output = '';
  beforeAll(async () => {
    const sink = new PassThrough().setEncoding('utf8');
    sink.on('data', (chunk: string) => (output += chunk));
    stack = await startLocalStack({ handlerEnv: { [TASK_METRICS_ENV]: 'OrdersTaskApi' }, logs: sink });
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.emulator.setThrottle(CONNECT_DEFAULT_QUOTA);
    stack.emulator.clearFaults();
  });

  /** Sends a request and returns its answer and the one EMF line it produced. */
  async function metricsOfRequest(method: string, path: string, body?: unknown): Promise<{ response: TaskResponse; line: string }> {
    const before = emfDocuments(output).length;
    const response = await stack.send(method, path, body);
    const deadline = Date.now() + 5000;
    while (emfDocuments(output).length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const lines = emfDocuments(output).slice(before);
    expect(lines).toHaveLength(1);
    return { response, line: lines[0] };
  }

  /** POSTs a body and returns the one EMF line the request produced. */
  async function metricsOf(body: unknown): Promise<{ status: number; line: string }> {
    const { response, line } = await metricsOfRequest('POST', '/tasks', body);
    return { status: response.status, line };
  }

  test.each([
    ['a created task', () => task(), 201, { TasksCreated: 1, ValidationRejections: 0, ConnectThrottles: 0 }, true],
    ['a body that breaks a rule', () => task({ Name: '' }), 400, { TasksCreated: 0, ValidationRejections: 1, ConnectThrottles: 0 }, false],
    [
      'an unknown flow',
      () => task({ ContactFlowId: 'aaaaaaaa-0000-0000-0000-000000000000' }),
      404,
      { TasksCreated: 0, ValidationRejections: 0 },
      true,
    ],
  ])('%s: a valid EMF document with its counts', async (_, body, expectedStatus, counts, calledConnect) => {
    // GIVEN the endpoint named OrdersTaskApi
    // WHEN
    const { status, line } = await metricsOf(body());
    // THEN
    expect(status).toBe(expectedStatus);
    expect(emfViolations(line)).toEqual([]);
    const document = emfDocument(line);
    expect(document._aws.CloudWatchMetrics).toEqual([
      expect.objectContaining({ Namespace: TASK_METRICS_NAMESPACE, Dimensions: [['ApiName']] }) as unknown,
    ]);
    expect(document).toMatchObject({ ApiName: 'OrdersTaskApi', ...counts });
    expect(typeof document.ConnectLatency === 'number').toBe(calledConnect);
  });

  describe('the lifecycle routes', () => {
    let contactId: string;
    beforeAll(async () => {
      // Through metricsOfRequest, so its own metrics line is read before the tests count theirs.
      const { response } = await metricsOfRequest('POST', '/tasks', task({ ScheduledTime: Math.floor(Date.now() / 1000) + 3600 }));
      contactId = response.body.ContactId!;
    });

    test.each<[string, string, () => string, unknown, number, Record<string, number>, boolean]>([
      [
        'GET a task',
        'GET',
        () => `/tasks/${contactId}`,
        undefined,
        200,
        { TasksCreated: 0, ValidationRejections: 0, ConnectThrottles: 0 },
        true,
      ],
      [
        'GET with an include a task does not have',
        'GET',
        () => `/tasks/${contactId}?include=secrets`,
        undefined,
        400,
        { ValidationRejections: 1 },
        false,
      ],
      ['GET an unknown task', 'GET', () => `/tasks/${UNKNOWN_CONTACT}`, undefined, 404, { TasksCreated: 0, ValidationRejections: 0 }, true],
      ['PATCH a task', 'PATCH', () => `/tasks/${contactId}`, { Description: 'Moved' }, 200, { ValidationRejections: 0 }, true],
      [
        'PATCH that breaks a rule',
        'PATCH',
        () => `/tasks/${contactId}`,
        { Name: '' },
        400,
        { TasksCreated: 0, ValidationRejections: 1 },
        false,
      ],
      ['DELETE a task', 'DELETE', () => `/tasks/${contactId}`, undefined, 204, { TasksCreated: 0, ValidationRejections: 0 }, true],
    ])('%s: a valid EMF document with its counts', async (_, method, path, body, expectedStatus, counts, calledConnect) => {
      // GIVEN a task of the endpoint named OrdersTaskApi
      // WHEN
      const { response, line } = await metricsOfRequest(method, path(), body);
      // THEN
      expect(response.status).toBe(expectedStatus);
      expect(emfViolations(line)).toEqual([]);
      expect(emfDocument(line)).toMatchObject({ ApiName: 'OrdersTaskApi', ...counts });
      expect(typeof emfDocument(line).ConnectLatency === 'number').toBe(calledConnect);
    });

    test('a lifecycle call Connect throttles counts as a Connect throttle', async () => {
      // GIVEN a Connect that throttles everything
      stack.emulator.setThrottle({ rate: 0, burst: 0 });
      // WHEN
      const { response, line } = await metricsOfRequest('GET', `/tasks/${contactId}`);
      // THEN
      expect(response.status).toBe(429);
      expect(emfViolations(line)).toEqual([]);
      expect(emfDocument(line)).toMatchObject({
        ConnectThrottles: 1,
        ValidationRejections: 0,
        ConnectLatency: expect.any(Number) as unknown,
      });
    });
  });

  test('a request Connect throttles past the SDK retries counts as a Connect throttle', async () => {
    // GIVEN a Connect that throttles everything
    stack.emulator.setThrottle({ rate: 0, burst: 0 });
    // WHEN
    const { status, line } = await metricsOf(task());
    // THEN
    expect(status).toBe(429);
    expect(emfViolations(line)).toEqual([]);
    expect(emfDocument(line)).toMatchObject({ ConnectThrottles: 1, TasksCreated: 0, ConnectLatency: expect.any(Number) as unknown });
  });

  test('metric lines carry only the API name as a dimension, and nothing of the request', async () => {
    // GIVEN a request full of content
    const body = task({ Description: 'SECRET-DESCRIPTION', Attributes: { account: 'SECRET-ATTRIBUTE' } });
    // WHEN
    const { line } = await metricsOf(body);
    // THEN
    expect(Object.keys(emfDocument(line)).sort()).toEqual([
      'ApiName',
      'ConnectLatency',
      'ConnectThrottles',
      'TasksCreated',
      'ValidationRejections',
      '_aws',
    ]);
    expect(line).not.toMatch(/SECRET|Call back/);
  });
});

/**
 * Queued delivery: the delivery function, as it ships, on ElasticMQ and dynalite, publishes one
 * valid EMF line per delivery attempt (its API name is the local one: the construct sets the real one).
 */
describe('the delivery function publishes its metrics as embedded metric format lines', () => {
  let stack: AsyncStack;
  let output = '';
  beforeAll(async () => {
    const sink = new PassThrough().setEncoding('utf8');
    sink.on('data', (chunk: string) => (output += chunk));
    stack = await startAsyncStack({
      delivery: { ratePerSecond: 20, maxReceiveCount: 2, visibilityTimeoutSeconds: 30, logs: sink },
    });
    // ElasticMQ is a JVM: its start takes a while on a busy machine.
  }, 120_000);
  afterAll(() => stack?.close());

  test.each([
    ['a delivered task', task(), 'CREATED', { TasksCreated: 1, FailedRequests: 0, ConnectThrottles: 0 }],
    [
      'a request Connect refuses',
      task({ ContactFlowId: '99999999-9999-9999-9999-999999999999' }),
      'FAILED',
      { TasksCreated: 0, FailedRequests: 1 },
    ],
  ])(
    '%s: a valid EMF document with its counts',
    async (_, body, status, counts) => {
      // GIVEN a queued request
      const before = emfDocuments(output).length;
      const accepted = await stack.post(body);
      // WHEN it is delivered
      const settled = await stack.settled(accepted.headers.get('location')!);
      // THEN
      expect(settled.body.status).toBe(status);
      const lines = emfDocuments(output).slice(before);
      expect(lines).toHaveLength(1);
      expect(emfViolations(lines[0])).toEqual([]);
      expect(emfDocument(lines[0])).toMatchObject({ ApiName: 'local', ...counts, ConnectLatency: expect.any(Number) as unknown });
    },
    60_000,
  );
});
