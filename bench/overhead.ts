import { ConnectClient, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { withDeadline } from '../lambda/shared/aws-sdk/deadline';
import { defaultProvider } from '../lambda/shared/aws-sdk/lambda-credentials';
import { createConnectClient } from '../lambda/shared/connect/connect-client';
import { ConnectClock } from '../lambda/shared/connect/connect-clock';
import { startTaskContactInput } from '../lambda/shared/connect/task-contact';
import { callerPrincipal } from '../lambda/shared/http/caller-principal';
import { readTaskHttpRequest } from '../lambda/shared/http/http-request';
import { assertTemplateFields } from '../lambda/shared/http/template-fields';
import { reportOutcome } from '../lambda/shared/observability/request-outcome';
import {
  connectClientToken,
  parseInstanceArn,
  readStartTaskEnvironment,
  type TargetFragment,
  targetKey,
  validateTaskRequest,
} from '../lib/contract';
import { asLambdaProcess, benchContext, withBundledHandler } from './bundled-handler';
import { cpuUs, emulatorProcess } from './emulator-process';
import { FLOW_ID, INSTANCE_ARN, LAMBDA_ENV } from './lambda-env';
import { median } from './stats';

/** The warm bench's valid request, sent by an IAM caller as API Gateway passes it on. */
const VALID_BODY = {
  Name: 'Call back about order 42',
  Description: 'Customer asked for a call after 5pm',
  ContactFlowId: FLOW_ID,
  Attributes: { orderId: '42', channel: 'crm' },
  References: { order: { Type: 'URL' as const, Value: 'https://crm.example.com/orders/42' } },
};
const EVENT = {
  httpMethod: 'POST',
  path: '/tasks',
  headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'order-42-callback' },
  body: JSON.stringify(VALID_BODY),
  isBase64Encoded: false,
  requestContext: {
    requestId: 'bench',
    identity: { userArn: 'arn:aws:sts::111122223333:assumed-role/CrmBackend/i-0abc', caller: 'AROAEXAMPLE:i-0abc' },
  },
} as unknown as APIGatewayProxyEvent;

/** One piece of the warm path: what it does, and one run of it on the request above. */
export interface Piece {
  readonly name: string;
  readonly run: () => unknown;
}

export interface PieceCost {
  readonly name: string;
  /** Median over rounds of the mean time of one run, in µs. */
  readonly us: number;
}

export interface OverheadResults {
  readonly pieces: readonly PieceCost[];
  /** What each setting of the handler's Connect call adds to the CPU time of the bare SDK call, in µs (median against median). */
  readonly sdkPieces: readonly PieceCost[];
  /** The bare SDK call's CPU time, median, in µs: what every piece is compared to. */
  readonly rawSdkCpuUs: number;
  /** The bundled handler's CPU time for the same request, median, in µs. */
  readonly handlerCpuUs: number;
}

const ROUNDS = 31;
const RUNS_PER_ROUND = 400;

/** The median over rounds of a round's mean: a round the shared machine preempted does not move it. */
async function costUs(run: () => unknown): Promise<number> {
  const means: number[] = [];
  for (let round = -3; round < ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < RUNS_PER_ROUND; i++) await run();
    if (round >= 0) means.push(((performance.now() - start) * 1000) / RUNS_PER_ROUND);
  }
  return median(means);
}

/**
 * The pieces of the POST function's warm path, each run on its own from the handlers' sources in
 * this process with the environment Lambda gives; then the CPU time of the bare SDK call to the
 * emulator (in a process of its own), of the same call with each setting the handler's call adds
 * (its client's timeouts, the deadline's abort signal), and of the bundled handler. CPU time,
 * unlike latency, does not count the time the shared machine left this process waiting.
 * Log and metric lines go to the handler log, as in the warm bench.
 */
export async function overhead(bundle: string, { warmup, samples }: { warmup: number; samples: number }): Promise<OverheadResults> {
  const emulator = await emulatorProcess();
  try {
    return await asLambdaProcess({ AWS_ENDPOINT_URL_CONNECT: emulator.url }, async () => {
      const costs: PieceCost[] = [];
      for (const piece of warmPathPieces()) costs.push({ name: piece.name, us: await costUs(piece.run) });
      return { pieces: costs, ...(await connectCallPieces(bundle, warmup, samples)) };
    });
  } finally {
    emulator.stop();
  }
}

function warmPathPieces(): Piece[] {
  const config = readStartTaskEnvironment(process.env);
  const { body, source, idempotencyKey } = readTaskHttpRequest(EVENT);
  const policy = { hasDefaultTarget: true, maxScheduleAheadSeconds: config.maxScheduleAheadSeconds };
  const validation = validateTaskRequest(body, { ...policy, now: new Date() }, source);
  if (!validation.valid) throw new Error(`the bench's valid request is invalid: ${JSON.stringify(validation.violations)}`);
  const request = validation.request;
  const credentials = defaultProvider();
  const answered = Promise.resolve({ ContactId: 'c0ffee00-0000-4000-8000-000000000000' });
  return [
    { name: 'read the request: media type, size, shape scan, JSON.parse, Idempotency-Key', run: () => readTaskHttpRequest(EVENT) },
    { name: 'validation: schema and rules', run: () => validateTaskRequest(body, { ...policy, now: new Date() }, source) },
    {
      name: 'lookups: target key, allowedTargets, task template',
      run: () => {
        const key = targetKey(request as TargetFragment)!;
        config.allowedTargets?.has(key);
        assertTemplateFields(config.taskTemplates, request.TaskTemplateId, request, 'create', body);
      },
    },
    {
      name: 'caller principal and ClientToken (SHA-256 of principal and key)',
      run: () => connectClientToken(callerPrincipal(EVENT), idempotencyKey!),
    },
    { name: "credentials: the bundles' chain, asked by the SDK on each request", run: () => credentials() },
    {
      name: 'StartTaskContact input and command',
      run: () => new StartTaskContactCommand(startTaskContactInput(request, config.instance.instanceId, idempotencyKey)),
    },
    { name: 'deadline: abort controller, timer, race', run: () => withDeadline(config.connectTimeoutMs, () => answered) },
    {
      name: 'Connect clock',
      run: async () => {
        const clock = new ConnectClock();
        await clock.time(() => answered);
        return clock.latencyMs;
      },
    },
    {
      name: 'log line and metrics line (EMF)',
      run: () =>
        reportOutcome('bench', { outcome: 'created', requestId: 'bench', status: 201, connectLatencyMs: 1, contactId: 'c0ffee00' }),
    },
    { name: 'response: JSON body', run: () => JSON.stringify({ ContactId: 'c0ffee00-0000-4000-8000-000000000000' }) },
  ];
}

/** The bare SDK call, the same call with each setting the handler's call adds, and the handler, interleaved. */
async function connectCallPieces(bundle: string, warmup: number, samples: number): Promise<Omit<OverheadResults, 'pieces'>> {
  const config = readStartTaskEnvironment(process.env);
  const input = { InstanceId: parseInstanceArn(INSTANCE_ARN)!.instanceId, ...VALID_BODY };
  const bare = new ConnectClient({ region: LAMBDA_ENV.AWS_REGION, maxAttempts: 3, retryMode: 'standard' });
  const handlers = createConnectClient(LAMBDA_ENV.AWS_REGION, config.connectTimeoutMs);
  try {
    return await withBundledHandler(bundle, { AWS_ENDPOINT_URL_CONNECT: process.env.AWS_ENDPOINT_URL_CONNECT! }, async (handler) => {
      const calls: Record<string, () => Promise<unknown>> = {
        bare: () => bare.send(new StartTaskContactCommand(input)),
        'Connect client: per-attempt connection and request timeouts': () => handlers.send(new StartTaskContactCommand(input)),
        'deadline: abort signal on the SDK call': () =>
          withDeadline(config.connectTimeoutMs, (abortSignal) => bare.send(new StartTaskContactCommand(input), { abortSignal })),
        handler: async () => {
          const { statusCode, body } = await handler(EVENT, benchContext);
          if (statusCode !== 201) throw new Error(`the handler answered ${statusCode}: ${body}`);
        },
      };
      const names = Object.keys(calls);
      const us: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
      for (let i = 0; i < warmup + samples; i++) {
        // Each order in turn, so a just-used socket or a GC lands on each call alike.
        for (const name of i % 2 === 0 ? names : [...names].reverse()) {
          const cpu = await cpuUs(calls[name]);
          if (i >= warmup) us[name].push(cpu);
        }
      }
      const rawSdkCpuUs = median(us.bare);
      return {
        sdkPieces: names.slice(1, -1).map((name) => ({ name, us: median(us[name]) - rawSdkCpuUs })),
        rawSdkCpuUs,
        handlerCpuUs: median(us.handler),
      };
    });
  } finally {
    bare.destroy();
    handlers.destroy();
  }
}
