import { type ConnectEmulator, type ConnectEmulatorOptions, startConnectEmulator } from '../../emulator';
import { START_TASK_ENV } from '../../lib/contract';
import { type LocalAsyncDelivery, type LocalAsyncDeliveryOptions, startLocalAsyncDelivery } from '../../local/async-delivery';
import { emulatorHandlerEnv } from '../../local/emulator-env';
import { type LocalEndpoint, startLocalEndpoint } from '../../local/server';
import { INSTANCE } from '../emulator/fixtures';
import type { TaskResponse } from './harness';

/** The stack `npm start -- --async` runs: the emulator, ElasticMQ, dynalite, the endpoint, the consumer. */
export interface AsyncStack {
  readonly emulator: ConnectEmulator;
  readonly delivery: LocalAsyncDelivery;
  readonly endpoint: LocalEndpoint;
  /** The Connect part of the functions' environment. */
  readonly connectEnv: NodeJS.ProcessEnv;
  /** POST /tasks (or `path`); `Prefer: respond-async` unless the headers say otherwise. */
  post(body: unknown, headers?: Record<string, string>, path?: string): Promise<TaskResponse>;
  /** GET a path of the endpoint, e.g. a 202's Location, as it stands. */
  get(path: string, headers?: Record<string, string>): Promise<TaskResponse>;
  /** Polls a queued request until it is no longer QUEUED. */
  settled(location: string, headers?: Record<string, string>, timeoutMs?: number): Promise<TaskResponse>;
  close(): Promise<void>;
}

/** A SigV4-shaped header: the local endpoint names the caller after its access key. */
export const signedBy = (accessKey: string) => ({
  Authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/20260101/eu-west-2/execute-api/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
});

export async function startAsyncStack(
  options: { emulator?: ConnectEmulatorOptions; delivery?: Omit<LocalAsyncDeliveryOptions, 'connectEnv'>; connectTimeoutMs?: number } = {},
): Promise<AsyncStack> {
  const emulator = await startConnectEmulator(options.emulator);
  const connectEnv = emulatorHandlerEnv(emulator.url, INSTANCE.arn, {
    [START_TASK_ENV.connectTimeoutMs]: String(options.connectTimeoutMs ?? 5000),
  });
  const delivery = await startLocalAsyncDelivery({ connectEnv, ...options.delivery });
  const endpoint = await startLocalEndpoint({
    handlerEnv: { ...connectEnv, ...delivery.env },
    requestStatusEnv: { ...connectEnv, ...delivery.env },
    importsEnv: delivery.imports && { ...connectEnv, ...delivery.env },
  });
  const call = async (path: string, init: RequestInit): Promise<TaskResponse> => {
    const response = await fetch(`${endpoint.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as TaskResponse['body']) : {} };
  };
  const get = (path: string, headers: Record<string, string> = {}) => call(path, { headers });
  return {
    emulator,
    delivery,
    endpoint,
    connectEnv,
    post: (body, headers = {}, path = '/tasks') =>
      call(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Prefer: 'respond-async', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get,
    settled: async (location, headers = {}, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const response = await get(location, headers);
        if (response.body?.status !== 'QUEUED' || Date.now() > until) return response;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    close: async () => {
      await endpoint.close();
      await delivery.close();
      await emulator.close();
    },
  };
}
