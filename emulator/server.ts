import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { TASK_LIMITS } from '../lib/contract';
import { CONNECT_DEFAULT_QUOTA } from '../lib/contract/connect-quota';
import { AGENT_ACTIONS, type AgentAction, expireDueTasks, moveTask } from './agent';
import { contactEvent, type ContactEventListener } from './contact-events';
import { type Fault, FaultQueue } from './faults';
import { route, shapeViolations, type OperationName } from './model';
import { OPERATIONS, type OperationContext } from './operations';
import { checkRegion, credentialScope } from './signature';
import { EmulatorState, readSeed, type Seed } from './state';
import { type ThrottleOptions, TokenBucket } from './throttle';
import { ConnectError, sendError, sendJson } from './wire';

export interface ConnectEmulatorOptions {
  /** The seed, or the path of a seed file. @default emulator/seed.json */
  readonly seed?: Seed | string;
  /** @default 0, a free port */
  readonly port?: number;
  /**
   * Throttle each operation with its own token bucket, as AWS rate-limits each API; `'off'` for none.
   * @default Connect's default quota: 2 requests a second, bursts of 5
   */
  readonly throttle?: ThrottleOptions | 'off';
  /** Faults for the first requests. @default none */
  readonly faults?: readonly Fault[];
  /** How far ahead a task may be scheduled. @default 6 days, Connect's documented window */
  readonly maxScheduleAheadSeconds?: number;
  /** The emulator's clock, in epoch milliseconds. @default Date.now */
  readonly clock?: () => number;
  /**
   * Runs after an operation succeeded and before its answer is sent, with the access key the
   * request was signed with: a drill can end the calling process there, as a crash would.
   * @default none
   */
  readonly afterOperation?: (operation: OperationName, accessKeyId: string) => Promise<void> | void;
  /**
   * Receives each contact event, as Connect sends them to EventBridge: INITIATED when a task is
   * created, CONTACT_DATA_UPDATED when it is rescheduled or its attributes change, DISCONNECTED and
   * COMPLETED when it is stopped or expires, and QUEUED and CONNECTED_TO_AGENT as the agent
   * controls move it. They are also kept in `state.contactEvents`.
   * @default none
   */
  readonly onContactEvent?: ContactEventListener;
}

export interface ConnectEmulator {
  /** The endpoint to give the SDK, e.g. through `AWS_ENDPOINT_URL_CONNECT`. */
  readonly url: string;
  readonly state: EmulatorState;
  /** Replaces the throttle; `'off'` turns throttling off. */
  setThrottle(throttle: ThrottleOptions | 'off'): void;
  injectFault(fault: Fault): void;
  clearFaults(): void;
  /**
   * Moves a task as its flow and an agent would: `queue`, `accept`, `complete`. Also served, for
   * curl, as `POST {url}/local/contacts/{contactId}/{action}`.
   */
  moveTask(contactId: string, action: AgentAction): void;
  /** Expires the tasks whose expiry has passed by the emulator's clock (it also does so before each request and every second). */
  expireDueTasks(): void;
  close(): Promise<void>;
}

export const DEFAULT_MAX_SCHEDULE_AHEAD_SECONDS = TASK_LIMITS.defaultMaxScheduleAheadSeconds;

/** The local-only agent controls: `POST /local/contacts/{contactId}/{queue|accept|complete}`. */
const LOCAL_CONTROL = /^\/local\/contacts\/([^/]+)\/([a-z]+)$/;

/** Largest request body the emulator reads; StartTaskContact's largest valid input is far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;

/** Starts a Connect emulator on 127.0.0.1. */
export async function startConnectEmulator(options: ConnectEmulatorOptions = {}): Promise<ConnectEmulator> {
  const clock = options.clock ?? Date.now;
  const seed = typeof options.seed === 'object' ? options.seed : readSeed(options.seed);
  const state = new EmulatorState(seed, new Date(clock()));
  const ctx: OperationContext = {
    state,
    now: clock,
    maxScheduleAheadSeconds: options.maxScheduleAheadSeconds ?? DEFAULT_MAX_SCHEDULE_AHEAD_SECONDS,
    emit: (contact, eventType) => {
      const event = contactEvent(state.instances.get(contact.instanceId)!, contact, eventType, clock());
      state.contactEvents.push(event);
      options.onContactEvent?.(event);
    },
  };
  const faults = new FaultQueue();
  options.faults?.forEach((f) => faults.inject(f));
  let buckets: Map<OperationName, TokenBucket> | undefined;
  const setThrottle = (throttle: ThrottleOptions | 'off') => {
    buckets =
      throttle === 'off'
        ? undefined
        : new Map(Object.keys(OPERATIONS).map((op) => [op as OperationName, new TokenBucket(throttle, clock)]));
  };
  setThrottle(options.throttle ?? CONNECT_DEFAULT_QUOTA);
  // Aborts the waits of delayed requests when the emulator closes, so no timer outlives it.
  const closing = new AbortController();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    expireDueTasks(ctx);
    const local = LOCAL_CONTROL.exec(url.pathname);
    if (local && req.method === 'POST' && AGENT_ACTIONS.includes(local[2] as AgentAction)) {
      moveTask(ctx, decodeURIComponent(local[1]), local[2] as AgentAction);
      return sendJson(res, 200, { ContactId: decodeURIComponent(local[1]), Action: local[2] });
    }
    const routed = route(req.method ?? 'GET', url);
    if (!routed) throw new ConnectError('UnknownOperationException', `No operation at ${req.method} ${url.pathname}.`);
    ctx.state.requests.set(routed.operation, (ctx.state.requests.get(routed.operation) ?? 0) + 1);
    const scope = credentialScope(req.headers.authorization);

    const fault = faults.take(routed.operation);
    if (fault?.kind === 'error')
      throw new ConnectError('InternalServiceException', 'Request processing has failed because of an unknown error.');
    if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { signal: closing.signal });
    if (buckets && !buckets.get(routed.operation)!.take()) throw new ConnectError('ThrottlingException', 'Rate exceeded');

    const input = { ...parseJson(body), ...routed.input };
    const instance = ctx.state.instances.get(input.InstanceId as string);
    if (instance) checkRegion(scope, instance.region);
    const violations = shapeViolations(routed.inputShape, input);
    if (violations.length > 0) {
      throw new ConnectError('InvalidParameterException', `${violations.length} validation error(s) detected: ${violations.join('; ')}`);
    }
    const output = OPERATIONS[routed.operation](ctx, input);
    await options.afterOperation?.(routed.operation, /Credential=([^/\s]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '');
    sendJson(res, 200, output);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted || res.headersSent) return;
      sendError(res, error instanceof ConnectError ? error : new ConnectError('InternalServiceException', String(error)));
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  // Tasks expire while nobody calls too.
  const expiry = setInterval(() => expireDueTasks(ctx), 1000);
  expiry.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    state: ctx.state,
    setThrottle,
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    moveTask: (contactId, action) => moveTask(ctx, contactId, action),
    expireDueTasks: () => expireDueTasks(ctx),
    close: async () => {
      clearInterval(expiry);
      closing.abort();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new ConnectError('SerializationException', 'Request body is too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below, as for any body that is not a JSON object
  }
  throw new ConnectError('SerializationException', 'Request body is not a JSON object.');
}
