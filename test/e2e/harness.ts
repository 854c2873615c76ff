import { type ConnectEmulator, type ConnectEmulatorOptions, startConnectEmulator } from '../../emulator';
import type { ErrorBody, RequestStatusDocument } from '../../lib/contract';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import { type LocalEndpoint, startLocalEndpoint } from '../../local/server';
import { INSTANCE } from '../emulator/fixtures';

export interface TaskResponse {
  readonly status: number;
  readonly headers: Headers;
  /** A created task's id, or the contract's error shape. */
  readonly body: { readonly ContactId?: string } & Partial<ErrorBody> & Partial<RequestStatusDocument>;
}

/** The emulator, the bundled handler behind the local endpoint, and a way to call it. */
export interface LocalStack {
  readonly emulator: ConnectEmulator;
  readonly endpoint: LocalEndpoint;
  /** POST /tasks with a JSON body (a string or bytes are sent as they are) and extra headers. */
  post(body: unknown, headers?: Record<string, string>): Promise<TaskResponse>;
  close(): Promise<void>;
}

/**
 * Starts the stack `npm start` runs, on free loopback ports. `handlerEnv` adds to the handler's
 * environment (e.g. a short CONNECT_TIMEOUT_MS); the bundle must exist (`npm run bundle`).
 */
export async function startLocalStack(
  options: { emulator?: ConnectEmulatorOptions; handlerEnv?: NodeJS.ProcessEnv } = {},
): Promise<LocalStack> {
  const emulator = await startConnectEmulator(options.emulator);
  const endpoint = await startLocalEndpoint({ handlerEnv: emulatorHandlerEnv(emulator.url, INSTANCE.arn, options.handlerEnv ?? {}) });
  return {
    emulator,
    endpoint,
    post: async (body, headers = {}) => {
      const response = await fetch(`${endpoint.url}/tasks`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as TaskResponse['body']) : {} };
    },
    close: async () => {
      await endpoint.close();
      await emulator.close();
    },
  };
}
