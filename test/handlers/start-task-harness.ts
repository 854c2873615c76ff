import type {
  ConnectClient,
  ConnectClientResolvedConfig,
  ServiceInputTypes,
  ServiceOutputTypes,
  StartTaskContactCommandInput,
} from '@aws-sdk/client-connect';
import { beforeAll, beforeEach, jest } from '@jest/globals';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { type ErrorBody, START_TASK_ENV, type Violation } from '../../lib/contract';

export const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
export const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';
export const FLOW_ID = 'aaaaaaaa-1111-2222-3333-444444444444';

type Handler = (event: unknown, context: Context) => Promise<APIGatewayProxyResult>;

export interface LoadedHandler {
  readonly handler: Handler;
  readonly connect: AwsStub<ServiceInputTypes, ServiceOutputTypes, ConnectClientResolvedConfig>;
  readonly client: () => ConnectClient;
  /** The SDK module of the handler's module graph: its command classes are the ones `connect.on()` matches. */
  readonly sdk: typeof import('@aws-sdk/client-connect');
}

/**
 * Loads a handler module (`lambda/<name>`) afresh with the environment the construct would set,
 * and mocks the Connect client class that this fresh module graph uses.
 */
export function loadHandler(env: Record<string, string> = {}, name = 'start-task'): LoadedHandler {
  const saved = { ...process.env };
  let loaded: LoadedHandler | undefined;
  Object.assign(process.env, { [START_TASK_ENV.instanceArn]: INSTANCE_ARN, [START_TASK_ENV.connectTimeoutMs]: '2000' }, env);
  try {
    jest.isolateModules(() => {
      // Synchronous requires inside isolateModules: the handler reads process.env as its module loads,
      // and the mock must patch the client class of the same fresh module graph.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const sdk = require('@aws-sdk/client-connect') as typeof import('@aws-sdk/client-connect');
      const connect = mockClient(sdk.ConnectClient);
      const { handler } = require(`../../lambda/${name}`) as { handler: Handler };
      /* eslint-enable @typescript-eslint/no-require-imports */
      loaded = { handler, connect, client: () => connect.send.getCall(0).thisValue as ConnectClient, sdk };
    });
  } finally {
    process.env = saved;
  }
  return loaded!;
}

/** The details of an error answer; fails the test if there are none. */
export function detailsOf(response: ParsedResponse): readonly Violation[] {
  const details = response.body.error?.details;
  if (!details) throw new Error(`expected an error answer with details, got ${JSON.stringify(response.body)}`);
  return details;
}

/** The input of the `n`th command the handler sent to Connect: StartTaskContact, its only command. */
export function sentInput(loaded: LoadedHandler, n = 0): StartTaskContactCommandInput {
  return loaded.connect.call(n).args[0].input as StartTaskContactCommandInput;
}

export const context = { awsRequestId: 'lambda-request-id' } as Context;

export function event(body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/tasks',
    resource: '/tasks',
    headers,
    multiValueHeaders: {},
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: 'gateway-request-id' },
  } as unknown as APIGatewayProxyEvent;
}

export interface ParsedResponse {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  /** A created task's id, or the contract's error shape. */
  readonly body: { readonly ContactId?: string } & Partial<ErrorBody>;
}

export async function call(loaded: LoadedHandler, e: unknown): Promise<ParsedResponse> {
  const result = await loaded.handler(e, context);
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body) as ParsedResponse['body'] };
}

/** An ISO-8601 string with offset for `now + seconds`, without milliseconds. */
export function isoIn(seconds: number, offset = 'Z'): string {
  const t = new Date(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
  if (offset === 'Z') return t.toISOString().replace('.000Z', 'Z');
  const [sign, hh, mm] = [offset[0], +offset.slice(1, 3), +offset.slice(4, 6)];
  const shifted = new Date(t.getTime() + (sign === '+' ? 1 : -1) * (hh * 60 + mm) * 60_000);
  return shifted.toISOString().replace('.000Z', offset);
}

// The handler logs every outcome and writes its metrics to stdout; keep test output to the results
// (the logging and metrics tests spy themselves).
for (const level of ['info', 'warn', 'error'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);
jest.spyOn(process.stdout, 'write').mockImplementation(() => true);

/**
 * The handler for a describe block (or file): loaded once before its tests, with Connect answering
 * `{ ContactId: 'contact-1' }` afresh before each test. Read its fields inside tests.
 */
export function useHandler(env: Record<string, string> = {}): LoadedHandler {
  let current: LoadedHandler | undefined;
  beforeAll(() => {
    current = loadHandler(env);
  });
  beforeEach(() => {
    current!.connect.reset();
    current!.connect.resolves({ ContactId: 'contact-1' });
  });
  return {
    get handler() {
      return current!.handler;
    },
    get connect() {
      return current!.connect;
    },
    client: () => current!.client(),
    get sdk() {
      return current!.sdk;
    },
  };
}
