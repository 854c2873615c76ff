import { StartTaskContactCommand } from '@aws-sdk/client-connect';
import { ChangeMessageVisibilityBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  deliveryPlan,
  type QueuedTaskRequest,
  readAsyncDeliveryEnvironment,
  readImportsEnvironment,
  readStartTaskEnvironment,
  readTaskMetricsApiName,
  retryDelaySeconds,
} from '../../lib/contract';
import { RequestStatusStore } from '../shared/async-delivery/request-status-store';
import { withDeadline } from '../shared/aws-sdk/deadline';
import { createConnectClient } from '../shared/connect/connect-client';
import { ConnectClock } from '../shared/connect/connect-clock';
import { fromStartTaskError } from '../shared/connect/start-task-errors';
import { startTaskContactInput } from '../shared/connect/task-contact';
import { ImportStore } from '../shared/imports/import-store';
import { publishTaskMetrics } from '../shared/observability/embedded-metrics';
import { deliveryRecord, type DeliveryStores } from './delivery-record';
import { Pacer } from './pacer';

const config = readStartTaskEnvironment(process.env);
const delivery =
  readAsyncDeliveryEnvironment(process.env) ??
  (() => {
    throw new Error('the delivery function needs its queue and status table settings');
  })();
const plan = deliveryPlan(delivery.ratePerSecond, config.connectTimeoutMs);
// One attempt per call: each attempt uses the account's Connect quota, so each is paced, and a
// failed one goes back to the queue instead of being retried at once.
const connect = createConnectClient(config.instance.region, config.connectTimeoutMs, 1);
const sqs = new SQSClient({});
const imports = readImportsEnvironment(process.env);
const stores: DeliveryStores = {
  requests: new RequestStatusStore(delivery.statusTable, delivery.statusRetentionSeconds),
  imports: imports && { store: new ImportStore(imports.table, imports.retentionSeconds), sqs, settings: imports },
};
const pacer = new Pacer(plan.invocationRatePerSecond);
const apiName = readTaskMetricsApiName(process.env);

/** Time a delivery needs beyond its Connect call: reading and writing its status. */
const STATUS_MARGIN_MS = 2000;
/** Connect failures that another attempt may cure: throttling, Connect's own failures, no answer in time. */
const RETRYABLE = new Set(['Throttled', 'UpstreamError', 'UpstreamTimeout']);

type Result = 'done' | { retryInSeconds: number };

/**
 * Delivers queued task requests to Connect at the configured pace: the batch's messages read
 * their status concurrently, and their Connect calls start one paced slot after another. Each
 * message ends as CREATED or FAILED in the status table and is deleted, or is reported as a batch
 * item failure and comes back after a backoff. A message on its last receive that fails again is
 * marked FAILED (DeadLettered) before SQS moves it to the dead-letter queue.
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  // The last moment a Connect call may start and still be answered and recorded in time.
  const latestCallStart = Date.now() + context.getRemainingTimeInMillis() - config.connectTimeoutMs - STATUS_MARGIN_MS;
  const results = await Promise.all(
    event.Records.map((record) =>
      deliver(record, latestCallStart).catch((error: unknown): Result => {
        console.error({
          outcome: 'delivery-error',
          messageId: record.messageId,
          errorName: error instanceof Error ? error.name : typeof error,
        });
        return { retryInSeconds: retryDelaySeconds(receiveCount(record)) };
      }),
    ),
  );
  const retries = event.Records.flatMap((record, i) => {
    const result = results[i];
    return result === 'done' ? [] : [{ record, delaySeconds: result.retryInSeconds }];
  });
  await delay(retries);
  return { batchItemFailures: retries.map(({ record }) => ({ itemIdentifier: record.messageId })) };
}

async function deliver(record: SQSRecord, latestCallStart: number): Promise<Result> {
  const message = JSON.parse(record.body) as QueuedTaskRequest;
  const outcome = deliveryRecord(message, stores);
  if (!(await outcome.isOpen())) {
    await outcome.settle();
    console.info({ outcome: 'already-delivered', queuedRequestId: message.requestId });
    return 'done';
  }

  // A message this invocation has no slot left for goes back at once, not after the visibility timeout.
  if (!(await pacer.slot(latestCallStart))) return { retryInSeconds: 0 };
  const input = startTaskContactInput(message.request, config.instance.instanceId, message.clientToken);
  const clock = new ConnectClock();
  const connectLatencyMs = () => clock.latencyMs ?? 0;
  try {
    const output = await clock.time(() =>
      withDeadline(config.connectTimeoutMs, (abortSignal) => connect.send(new StartTaskContactCommand(input), { abortSignal })),
    );
    const latency = connectLatencyMs();
    await outcome.created(output.ContactId!);
    console.info({ outcome: 'created', queuedRequestId: message.requestId, contactId: output.ContactId, connectLatencyMs: latency });
    publishDelivery({ created: true, latency });
    return 'done';
  } catch (error) {
    const latency = connectLatencyMs();
    const failure = fromStartTaskError(error, input);
    if (!RETRYABLE.has(failure.code)) {
      await outcome.failed({ code: failure.code, message: failure.message });
      console.warn({ outcome: 'failed', queuedRequestId: message.requestId, code: failure.code, connectLatencyMs: latency });
      publishDelivery({ failed: true, latency });
      return 'done';
    }
    if (failure.code === 'Throttled') pacer.skip();
    const receives = receiveCount(record);
    const deadLettered = receives >= delivery.maxReceiveCount;
    if (deadLettered) await outcome.deadLettered();
    console.warn({ outcome: 'retry', queuedRequestId: message.requestId, code: failure.code, receives, connectLatencyMs: latency });
    publishDelivery({ failed: deadLettered, throttled: failure.code === 'Throttled', latency });
    return { retryInSeconds: retryDelaySeconds(receives) };
  }
}

/** The endpoint's metrics for one delivery attempt: the task created, or the request failed for good, and Connect's answer. */
function publishDelivery({ created = false, failed = false, throttled = false, latency }: DeliveryAttempt): void {
  publishTaskMetrics(apiName, {
    TasksCreated: created ? 1 : 0,
    FailedRequests: failed ? 1 : 0,
    ConnectThrottles: throttled ? 1 : 0,
    ConnectLatency: latency,
  });
}

interface DeliveryAttempt {
  readonly created?: boolean;
  readonly failed?: boolean;
  readonly throttled?: boolean;
  readonly latency: number;
}

const receiveCount = (record: SQSRecord) => Number(record.attributes.ApproximateReceiveCount);

/** Sets when each failed message is seen again; if this fails, the queue's visibility timeout applies. */
async function delay(retries: Array<{ record: SQSRecord; delaySeconds: number }>): Promise<void> {
  for (let i = 0; i < retries.length; i += 10) {
    const entries = retries.slice(i, i + 10).map(({ record, delaySeconds }, n) => ({
      Id: String(n),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: delaySeconds,
    }));
    await sqs
      .send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: delivery.queueUrl, Entries: entries }))
      .catch((error: unknown) =>
        console.warn({ outcome: 'visibility-unchanged', errorName: error instanceof Error ? error.name : typeof error }),
      );
  }
}
