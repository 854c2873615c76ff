// The queued delivery drills: a burst sent to the async endpoint against a throttled Connect,
// the same burst sent synchronously, and a crash drill. Runs alone with `npm run bench:async`;
// `npm run bench` runs it too. Writes bench/results/burst-drill.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { readSeed, startConnectEmulator } from '../emulator';
import { ANONYMOUS } from '../lambda/shared/http/caller-principal';
import { connectClientToken, ERROR_STATUS, START_TASK_ENV } from '../lib/contract';
import { startLocalAsyncDelivery } from '../local/async-delivery';
import { emulatorHandlerEnv } from '../local/emulator-env';
import { startLocalEndpoint } from '../local/server';
import { handlerLogStream } from './handler-logs';
import { quantile } from './stats';
import type { Row } from './table';
import { type Sample, timelineSvg } from './timeline-svg';

const SEED = readSeed();
const INSTANCE = SEED.instances[0];
const UNLIMITED_SEED = { instances: SEED.instances.map((i) => ({ ...i, activeTaskQuota: Number.MAX_SAFE_INTEGER })) };
/**
 * Where the emulator files the task of a request: the ClientToken the handlers derive from the
 * caller and the key (the local endpoint without IAM serves every request as the anonymous caller).
 */
const tokenKey = (key: string) => `${INSTANCE.arn.split('/')[1]}/${connectClientToken(ANONYMOUS, key)}`;
const body = (key: string) => JSON.stringify({ Name: `Drill ${key}`, ContactFlowId: INSTANCE.contactFlows[0].id });

/** Callers share a pool of keep-alive connections, as a batch job's HTTP client would. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Sends one request and reads its answer: the status, the parsed body, and the milliseconds it took. */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload?: string,
): Promise<{ status: number; body: { status?: string } | undefined; ms: number }> {
  const sent = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          body: text ? (JSON.parse(text) as { status?: string }) : undefined,
          ms: performance.now() - sent,
        });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface DrillOptions {
  readonly requests: number;
  /** Connect's rate and burst (the emulator's throttle); the consumer runs at the same rate. */
  readonly rate: number;
  readonly burst: number;
  /** The requests are spread evenly over this window. */
  readonly sendWindowMs: number;
  /** The crash drill: the share of created tasks after which the consumer's container dies, and Connect 500s at the start. */
  readonly crashShare?: number;
  readonly connect500s?: number;
  /** A shorter visibility timeout than the construct's, so crashed batches come back within the drill. */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Requests sent, and created, before the timed burst: the JVM behind the local SQS and the
   * handlers' first calls warm up on them, as a deployed endpoint's containers are warm.
   */
  readonly warmup?: number;
}

export interface DrillResult {
  readonly accepted: number;
  readonly created: number;
  readonly lost: number;
  readonly createdTwice: number;
  readonly drainSeconds: number;
  readonly idealSeconds: number;
  /** Tasks created a second between the first creation and the last: the consumer's own pace. */
  readonly deliveryRate: number;
  readonly acceptP99Ms: number;
  readonly crashes: number;
  readonly timeline: Sample[];
}

/** A burst through `Prefer: respond-async`, drained into a Connect throttled at `rate`/`burst`. */
export async function asyncBurstDrill(options: DrillOptions): Promise<DrillResult> {
  let crashes = 0;
  let delivery: Awaited<ReturnType<typeof startLocalAsyncDelivery>> | undefined;
  const emulator = await startConnectEmulator({
    seed: UNLIMITED_SEED,
    throttle: { rate: options.rate, burst: options.burst },
    faults: options.connect500s ? [{ kind: 'error', count: options.connect500s, operation: 'StartTaskContact' }] : [],
    afterOperation: async (operation, accessKey) => {
      if (operation !== 'StartTaskContact' || !delivery || Math.random() >= (options.crashShare ?? 0)) return;
      const container = [0, 1].find((i) => delivery!.containerAccessKey(i) === accessKey);
      if (container === undefined) return;
      crashes++;
      await delivery.eventSource.crash(container);
    },
  });
  const connectEnv = emulatorHandlerEnv(emulator.url, INSTANCE.arn, { [START_TASK_ENV.connectTimeoutMs]: '4000' });
  delivery = await startLocalAsyncDelivery({
    connectEnv,
    ratePerSecond: options.rate,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
    logs: handlerLogStream(),
  });
  const endpoint = await startLocalEndpoint({
    handlerEnv: { ...connectEnv, ...delivery.env },
    requestStatusEnv: { ...connectEnv, ...delivery.env },
    logs: handlerLogStream(),
  });
  try {
    const asyncHeaders = (key: string) => ({ 'Content-Type': 'application/json', Prefer: 'respond-async', 'Idempotency-Key': key });
    await warmUp(options, (key) => send(`${endpoint.url}/tasks`, 'POST', asyncHeaders(key), body(key)));
    while (emulator.state.contacts.size < (options.warmup ?? 0)) await sleep(100);
    await refilled(options);
    const warmedUp = emulator.state.contacts.size;
    const createdSoFar = () => emulator.state.contacts.size - warmedUp;

    const keys = Array.from({ length: options.requests }, (_, i) => `drill-${i}`);
    const start = Date.now();
    const timeline: Sample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { Attributes = {} } = await delivery.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: delivery.queueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        timeline.push({
          seconds: (Date.now() - start) / 1000,
          queueDepth: Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible),
          created: createdSoFar(),
        });
        await sleep(500);
      }
    })();

    const latencies: number[] = [];
    const statuses = await Promise.all(
      keys.map(async (key, i) => {
        await sleep((i * options.sendWindowMs) / options.requests);
        const response = await send(`${endpoint.url}/tasks`, 'POST', asyncHeaders(key), body(key));
        latencies.push(response.ms);
        return response.status;
      }),
    );
    const acceptedKeys = keys.filter((_, i) => statuses[i] === 202);
    const accepted = acceptedKeys.length;

    const idealSeconds = options.requests / options.rate;
    const deadline = start + idealSeconds * 4000 + 120_000;
    let lastCreatedAt = Date.now();
    const firstCreatedAt = timeline.find((t) => t.created > 0)?.seconds ?? 0;
    for (let seen = -1; createdSoFar() < accepted && Date.now() < deadline;) {
      if (createdSoFar() !== seen) [seen, lastCreatedAt] = [createdSoFar(), Date.now()];
      await sleep(100);
    }
    if (createdSoFar() >= accepted) lastCreatedAt = Date.now();
    // Let late duplicates (a redelivered message) show up, and statuses settle: a message whose
    // consumer crashed after Connect created its task is marked CREATED only when it comes back,
    // after its visibility timeout.
    await sleep(3000);
    const statusOf = async (key: string) => (await send(`${endpoint.url}/tasks/requests/${key}`, 'GET', {})).body?.status;
    const settleBy = Date.now() + ((options.visibilityTimeoutSeconds ?? 0) * 2 + 5) * 1000;
    let requestStatuses = await Promise.all(acceptedKeys.map(statusOf));
    while (requestStatuses.includes('QUEUED') && Date.now() < settleBy) {
      await sleep(1000);
      requestStatuses = await Promise.all(acceptedKeys.map(statusOf));
    }
    sampling = false;
    await sampler;

    const tokens = new Set(keys.map((key) => emulator.state.clientTokens.get(tokenKey(key))?.contactId).filter(Boolean));
    return {
      accepted,
      created: requestStatuses.filter((status) => status === 'CREATED').length,
      // An accepted request with no task; a request answered 503 was not accepted (its caller retries it).
      lost: acceptedKeys.filter((key) => !emulator.state.clientTokens.has(tokenKey(key))).length,
      createdTwice: createdSoFar() - tokens.size,
      drainSeconds: (lastCreatedAt - start) / 1000,
      idealSeconds,
      deliveryRate: createdSoFar() / Math.max(0.001, (lastCreatedAt - start) / 1000 - firstCreatedAt),
      acceptP99Ms: quantile(latencies, 0.99),
      crashes,
      timeline,
    };
  } finally {
    await endpoint.close();
    await delivery.close();
    await emulator.close();
  }
}

/** The same burst sent synchronously: how many 201s and 429s, and the p99 of a 201. */
export async function syncBurstDrill(options: DrillOptions): Promise<{ created: number; throttled: number; createdP99Ms: number }> {
  const emulator = await startConnectEmulator({ seed: UNLIMITED_SEED, throttle: { rate: options.rate, burst: options.burst } });
  const endpoint = await startLocalEndpoint({
    handlerEnv: emulatorHandlerEnv(emulator.url, INSTANCE.arn, { [START_TASK_ENV.connectTimeoutMs]: '4000' }),
    logs: handlerLogStream(),
  });
  try {
    const syncHeaders = (key: string) => ({ 'Content-Type': 'application/json', 'Idempotency-Key': key });
    await warmUp(options, (key) => send(`${endpoint.url}/tasks`, 'POST', syncHeaders(key), body(key)));
    await refilled(options);
    const outcomes = await Promise.all(
      Array.from({ length: options.requests }, async (_, i) => {
        await sleep((i * options.sendWindowMs) / options.requests);
        return send(`${endpoint.url}/tasks`, 'POST', syncHeaders(`sync-${i}`), body(`sync-${i}`));
      }),
    );
    const created = outcomes.filter((o) => o.status === 201);
    return {
      created: created.length,
      throttled: outcomes.filter((o) => o.status === ERROR_STATUS.Throttled).length,
      createdP99Ms: quantile(
        created.map((o) => o.ms),
        0.99,
      ),
    };
  } finally {
    await endpoint.close();
    await emulator.close();
  }
}

/** Sends the warm-up requests, 10 at a time. */
async function warmUp(options: DrillOptions, post: (key: string) => Promise<unknown>): Promise<void> {
  const keys = Array.from({ length: options.warmup ?? 0 }, (_, i) => `warmup-${i}`);
  for (let i = 0; i < keys.length; i += 10) await Promise.all(keys.slice(i, i + 10).map(post));
}

/** Waits until Connect's token bucket, emptied by the warm-up, is full again. */
async function refilled(options: DrillOptions): Promise<void> {
  if (options.warmup) await sleep((options.burst / options.rate) * 1000 + 1000);
}

const warmedUp = (o: DrillOptions) => (o.warmup ? ` after ${o.warmup} warm-up requests` : '');

const RESULTS_DIR = join(__dirname, 'results');

/** Runs every drill; returns its figures as lines, and the drain time and delivery rate of each async drill as rows for the bench table. */
export async function runAsyncDrills(progress: (step: string) => void): Promise<{ lines: string[]; rows: Row[] }> {
  const lines: string[] = [];
  const rows: Row[] = [];
  try {
    const report = (name: string, o: DrillOptions, r: DrillResult) => {
      const subject = `${name}, ${o.requests} at Connect ${o.rate}/s`;
      rows.push(
        { measure: 'queued delivery drain', subject, value: r.drainSeconds, baseline: 'N/R', baselineValue: r.idealSeconds, unit: 's' },
        { measure: 'queued delivery rate', subject, value: r.deliveryRate, baseline: 'R', baselineValue: o.rate, unit: '/s' },
      );
      lines.push(
        `${name}: ${o.requests} requests in ${o.sendWindowMs / 1000} s${warmedUp(o)}, Connect ${o.rate}/s burst ${o.burst}: accepted ${r.accepted}, created ${r.created}, ` +
          `lost ${r.lost}, created twice ${r.createdTwice}, drain ${r.drainSeconds.toFixed(1)} s vs N/R ${r.idealSeconds.toFixed(1)} s ` +
          `(${(r.drainSeconds / r.idealSeconds).toFixed(2)}×), delivery rate ${r.deliveryRate.toFixed(1)}/s vs R ${o.rate}/s, ` +
          `p99 of the 202 ${r.acceptP99Ms.toFixed(1)} ms` +
          (r.crashes ? `, consumer crashes ${r.crashes}` : ''),
      );
    };

    const scaled: DrillOptions = { requests: 1000, rate: 20, burst: 50, sendWindowMs: 10_000, warmup: 200 };
    progress('burst drill: 1,000 requests at Connect 20/s');
    const burst = await asyncBurstDrill(scaled);
    report('async burst', scaled, burst);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, 'burst-drill.svg'), timelineSvg(burst.timeline, `1,000 queued requests drained at ${scaled.rate}/s`));

    progress('the same burst, synchronously');
    const sync = await syncBurstDrill(scaled);
    lines.push(
      `sync burst: ${scaled.requests} requests in 10 s${warmedUp(scaled)}, Connect ${scaled.rate}/s burst ${scaled.burst}: 201 ${sync.created}, 429 ${sync.throttled}, p99 of a 201 ${sync.createdP99Ms.toFixed(1)} ms`,
    );

    const real: DrillOptions = { requests: 100, rate: 2, burst: 5, sendWindowMs: 10_000 };
    progress("burst drill: 100 requests at Connect's default 2/s, burst 5");
    report('async burst at the default quota', real, await asyncBurstDrill(real));

    const crash: DrillOptions = {
      requests: 200,
      rate: 20,
      burst: 50,
      sendWindowMs: 5_000,
      crashShare: 0.05,
      connect500s: 3,
      visibilityTimeoutSeconds: 10,
    };
    progress('crash drill: the consumer dies after 5% of creations, Connect answers 500 three times');
    report('crash drill', crash, await asyncBurstDrill(crash));
  } finally {
    agent.destroy();
  }
  return { lines, rows };
}

if (require.main === module) {
  runAsyncDrills((step) => process.stderr.write(`bench: ${step}\n`))
    .then(({ lines }) => console.log(lines.join('\n')))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
