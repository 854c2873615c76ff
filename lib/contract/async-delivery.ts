import { CONNECT_DEFAULT_TASK_QUOTA, queuedDeliveryRate } from './connect-quota';
import type { ImportLineRef } from './imports';

/**
 * Queued delivery (`Prefer: respond-async`): the queue message, the status table's shape, the
 * status values, the pacing plan and the environment of the three functions involved (the task
 * endpoint that accepts, the consumer that delivers to Connect, the status reader).
 */

/** Where a queued request stands, as `GET /tasks/requests/{requestId}` answers. */
export const REQUEST_STATUSES = ['QUEUED', 'CREATED', 'FAILED'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The error code of a request whose message used up its receives and went to the dead-letter queue. */
export const DEAD_LETTERED = 'DeadLettered';

/** The status table: one item per request and caller; `expiresAt` (epoch seconds) is its TTL attribute. */
export const STATUS_TABLE = {
  partitionKey: 'requestId',
  sortKey: 'principal',
  timeToLiveAttribute: 'expiresAt',
} as const;

/** What the queue carries: a validated, routed StartTaskContact request (without InstanceId) and who sent it. */
export interface QueuedTaskRequest {
  readonly requestId: string;
  readonly principal: string;
  /**
   * The `ClientToken` of every attempt (`connectClientToken(principal, requestId)`), so retried
   * deliveries create one task.
   */
  readonly clientToken: string;
  readonly request: Record<string, unknown>;
  /**
   * `scheduler` for an occurrence of a queued RecurringTask, which EventBridge Scheduler sends
   * with no status item before it (it can only send the message): the delivery function records
   * the status itself. Absent for the task endpoint's messages, whose status it wrote first.
   */
  readonly sentBy?: 'scheduler';
  /** A line of a bulk import: its outcome is recorded on that line of the import. */
  readonly importLine?: ImportLineRef;
}

/** The fingerprint of a status item that no caller's body made: a scheduled occurrence's. */
export const SCHEDULED_OCCURRENCE_FINGERPRINT = 'scheduled-occurrence';

/** The answer of `GET /tasks/requests/{requestId}`. */
export interface RequestStatusDocument {
  readonly requestId: string;
  readonly status: RequestStatus;
  readonly contactId?: string;
  readonly error?: { readonly code: string; readonly message: string };
  /** RFC 3339. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Lambda's SQS event source runs at least 2 concurrent invocations when its maximum concurrency is set. */
export const DELIVERY_CONCURRENCY = 2;
/** How long one invocation's batch should take at the paced rate: long enough to amortise start-up, well inside Lambda's 15 minutes. */
const BATCH_SECONDS = 20;
/** What Lambda's SQS event source takes without a batching window. */
const MAX_BATCH_SIZE = 10;
/** Time for the function to start, read the status and write it, beyond its paced Connect calls. */
const FUNCTION_MARGIN_SECONDS = 5;
/** SQS's advice: a visibility timeout of at least six times the function's timeout. */
const VISIBILITY_FACTOR = 6;

/** The delivery rate at Connect's default quota; a construct derives its own from the stack's quota. */
export const DEFAULT_DELIVERY_RATE_PER_SECOND = queuedDeliveryRate(CONNECT_DEFAULT_TASK_QUOTA);
export const DEFAULT_MAX_RECEIVE_COUNT = 10;
export const DEFAULT_STATUS_RETENTION_SECONDS = 14 * 24 * 60 * 60;
/** Bounds of `ratePerSecond`: a batch of one must fit in Lambda's 15 minutes; Connect quotas are raised to tens, not thousands. */
export const DELIVERY_RATE_LIMITS = { min: 0.01, max: 1000 } as const;

/** How the consumer is run so that it calls Connect `ratePerSecond` times a second at most. */
export interface DeliveryPlan {
  readonly concurrency: number;
  /** Each concurrent invocation paces itself at this rate; together they make `ratePerSecond`. */
  readonly invocationRatePerSecond: number;
  readonly batchSize: number;
  readonly functionTimeoutSeconds: number;
  readonly visibilityTimeoutSeconds: number;
}

export function deliveryPlan(ratePerSecond: number, connectTimeoutMs: number): DeliveryPlan {
  const invocationRatePerSecond = ratePerSecond / DELIVERY_CONCURRENCY;
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(invocationRatePerSecond * BATCH_SECONDS)));
  const functionTimeoutSeconds = Math.ceil(batchSize / invocationRatePerSecond + connectTimeoutMs / 1000 + FUNCTION_MARGIN_SECONDS);
  return {
    concurrency: DELIVERY_CONCURRENCY,
    invocationRatePerSecond,
    batchSize,
    functionTimeoutSeconds,
    visibilityTimeoutSeconds: VISIBILITY_FACTOR * functionTimeoutSeconds,
  };
}

/** Seconds a message waits before its next attempt after a retryable failure: doubling from 2 s, at most a minute. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(60, 2 ** Math.max(1, receiveCount));
}

/** The environment variables of queued delivery, shared by the endpoint, the consumer and the status reader. */
export const ASYNC_DELIVERY_ENV = {
  queueUrl: 'REQUEST_QUEUE_URL',
  statusTable: 'REQUEST_STATUS_TABLE',
  ratePerSecond: 'DELIVERY_RATE_PER_SECOND',
  maxReceiveCount: 'DELIVERY_MAX_RECEIVE_COUNT',
  statusRetentionSeconds: 'REQUEST_STATUS_RETENTION_SECONDS',
} as const;

export interface AsyncDeliverySettings {
  readonly queueUrl: string;
  readonly statusTable: string;
  readonly ratePerSecond: number;
  readonly maxReceiveCount: number;
  readonly statusRetentionSeconds: number;
}

/** The environment variables that carry `settings` (values may be CDK tokens). */
export function asyncDeliveryEnvironment(settings: AsyncDeliverySettings): Record<string, string> {
  return {
    [ASYNC_DELIVERY_ENV.queueUrl]: settings.queueUrl,
    [ASYNC_DELIVERY_ENV.statusTable]: settings.statusTable,
    [ASYNC_DELIVERY_ENV.ratePerSecond]: String(settings.ratePerSecond),
    [ASYNC_DELIVERY_ENV.maxReceiveCount]: String(settings.maxReceiveCount),
    [ASYNC_DELIVERY_ENV.statusRetentionSeconds]: String(settings.statusRetentionSeconds),
  };
}

/** The settings, or undefined when the function runs without queued delivery (no queue configured). */
export function readAsyncDeliveryEnvironment(env: NodeJS.ProcessEnv): AsyncDeliverySettings | undefined {
  const queueUrl = env[ASYNC_DELIVERY_ENV.queueUrl];
  const statusTable = env[ASYNC_DELIVERY_ENV.statusTable];
  if (!queueUrl && !statusTable) return undefined;
  if (!queueUrl || !statusTable) {
    throw new Error(`${ASYNC_DELIVERY_ENV.queueUrl} and ${ASYNC_DELIVERY_ENV.statusTable} must be set together`);
  }
  return {
    queueUrl,
    statusTable,
    ratePerSecond: positive(env, ASYNC_DELIVERY_ENV.ratePerSecond, DEFAULT_DELIVERY_RATE_PER_SECOND),
    maxReceiveCount: positive(env, ASYNC_DELIVERY_ENV.maxReceiveCount, DEFAULT_MAX_RECEIVE_COUNT),
    statusRetentionSeconds: positive(env, ASYNC_DELIVERY_ENV.statusRetentionSeconds, DEFAULT_STATUS_RETENTION_SECONDS),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
