/**
 * The metrics the task functions publish themselves, as CloudWatch embedded metric format lines:
 * the handlers write them, the constructs' `metric*()` methods and alarms read them. One
 * dimension, the endpoint's REST API name, so two endpoints in one account stay apart and no
 * request data ever becomes a dimension.
 */

import type { ErrorCode } from './error-codes';

/** The CloudWatch namespace of the task functions' own metrics. */
export const TASK_METRICS_NAMESPACE = 'ConnectTasks';

/** The one dimension of every metric in the namespace: the REST API name of the endpoint. */
export const TASK_METRICS_DIMENSION = 'ApiName';

/** The environment variable that tells a function the value of that dimension. */
export const TASK_METRICS_ENV = 'TASK_METRICS_API_NAME';

/** The dimension value where no construct set one: the local endpoint and direct test runs. */
export const LOCAL_API_NAME = 'local';

/**
 * Each metric and its CloudWatch unit.
 * - `TasksCreated`: tasks Amazon Connect created (1 per created task, 0 per other request).
 * - `ValidationRejections`: requests refused by the endpoint's own rules before Connect was
 *   called, on any route (`VALIDATION_REJECTION_CODES`).
 * - `ConnectThrottles`: requests Connect still throttled after the SDK's retries.
 * - `ConnectLatency`: how long the request's Connect calls took together, retries included, for
 *   every request that made one (`POST /tasks` makes one; a lifecycle route one to four).
 * - `FailedRequests`: queued requests that ended FAILED (a Connect 4xx, or dead-lettered).
 * - `FailedImports`: bulk imports whose file was refused as a whole (empty, too large, not UTF-8,
 *   not JSON Lines).
 * The delivery function of queued requests makes one attempt per call, so there each throttled
 * attempt counts.
 */
export const TASK_METRIC_UNITS = {
  TasksCreated: 'Count',
  ValidationRejections: 'Count',
  ConnectThrottles: 'Count',
  ConnectLatency: 'Milliseconds',
  FailedRequests: 'Count',
  FailedImports: 'Count',
} as const;

export type TaskMetricName = keyof typeof TASK_METRIC_UNITS;

/** The dimension value a function publishes under. */
export function readTaskMetricsApiName(env: NodeJS.ProcessEnv): string {
  return env[TASK_METRICS_ENV] || LOCAL_API_NAME;
}

/**
 * The error codes of a request the endpoint refuses by its own rules, before any Amazon Connect
 * call: a body or parameter that breaks a rule, a wrong media type, a body too large, a target
 * outside `allowedTargets`. `ValidationRejections` counts these; an unknown task or queued
 * request, or anything Connect answers, is not one.
 */
export const VALIDATION_REJECTION_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ValidationError',
  'UnsupportedMediaType',
  'PayloadTooLarge',
  'TargetNotAllowed',
]);
