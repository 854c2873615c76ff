import { type ConnectEmulator, type ConnectEmulatorOptions, startConnectEmulator } from '../../emulator';
import type { ErrorBody, RequestStatusDocument, TaskView } from '../../lib/contract';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import type { HandlerLogs } from '../../local/handler-host';
import { type LocalEndpoint, startLocalEndpoint } from '../../local/server';
import type { LocalIam } from '../../local/sigv4-verifier';
import { INSTANCE } from '../emulator/fixtures';

export interface TaskResponse {
  readonly status: number;
  readonly headers: Headers;
  /** A created task's id, a task, a queued request's status, or the contract's error shape; `{}` for no body. */
  readonly body: { readonly ContactId?: string } & Partial<ErrorBody> & Partial<RequestStatusDocument> & Partial<TaskView>;
}

/** The emulator, the bundled handler behind the local endpoint, and a way to call it. */
export interface LocalStack {
  readonly emulator: ConnectEmulator;
  readonly endpoint: LocalEndpoint;
  /** POST /tasks with a JSON body (a string or bytes are sent as they are) and extra headers. */
  post(body: unknown, headers?: Record<string, string>): Promise<TaskResponse>;
  /** Any request: `path` from the API's root, e.g. `/tasks/{id}?include=attributes`, and a body as `post` sends it. */
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TaskResponse>;
  close(): Promise<void>;
}

/**
 * Starts the stack `npm start` runs, on free loopback ports. `handlerEnv` adds to the handler's
 * environment (e.g. a short CONNECT_TIMEOUT_MS); `logs` receives what the handler writes; `iam`
 * makes the endpoint require SigV4 signatures; the bundle must exist (`npm run bundle`).
 */
export async function startLocalStack(
  options: { emulator?: ConnectEmulatorOptions; handlerEnv?: NodeJS.ProcessEnv; logs?: HandlerLogs; iam?: LocalIam } = {},
): Promise<LocalStack> {
  const emulator = await startConnectEmulator(options.emulator);
  const endpoint = await startLocalEndpoint({
    handlerEnv: emulatorHandlerEnv(emulator.url, INSTANCE.arn, options.handlerEnv ?? {}),
    logs: options.logs,
    iam: options.iam,
  });
  const send: LocalStack['send'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${endpoint.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
      body: body === undefined || typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as TaskResponse['body']) : {} };
  };
  return {
    emulator,
    endpoint,
    post: (body, headers = {}) => send('POST', '/tasks', body, { 'Content-Type': 'application/json', ...headers }),
    send,
    close: async () => {
      await endpoint.close();
      await emulator.close();
    },
  };
}
