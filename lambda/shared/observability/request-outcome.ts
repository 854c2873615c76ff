import { type ErrorCode, VALIDATION_REJECTION_CODES } from '../../../lib/contract';
import { publishTaskMetrics, type TaskMetricValues } from './embedded-metrics';

/**
 * What one request came to: its outcome (`created`, `rejected`, `failed`, …), status and error
 * code, how long Connect took, and ids or counts. Never any of its content: no name,
 * description, attribute or reference value.
 */
export interface RequestOutcome {
  readonly outcome: string;
  readonly requestId: string;
  readonly status: number;
  readonly code?: ErrorCode;
  /** How long the request waited on Connect, retries included (`ConnectClock`); absent when Connect was not called. */
  readonly connectLatencyMs?: number;
  readonly [field: string]: unknown;
}

/**
 * Reports a request as one JSON log line (Lambda's JSON log format puts this object under
 * `message`, beside the level and the Lambda request id) and as the endpoint's metrics.
 */
export function reportOutcome(apiName: string, outcome: RequestOutcome): void {
  if (outcome.status >= 500) console.error(outcome);
  else if (outcome.status >= 400) console.warn(outcome);
  else console.info(outcome);
  publishTaskMetrics(apiName, metricValues(outcome));
}

/** Every count on every request (0 or 1), so sums and sample counts need no missing-data rules. */
function metricValues({ status, code, connectLatencyMs }: RequestOutcome): TaskMetricValues {
  return {
    TasksCreated: status === 201 ? 1 : 0,
    ValidationRejections: code !== undefined && VALIDATION_REJECTION_CODES.has(code) ? 1 : 0,
    ConnectThrottles: code === 'Throttled' ? 1 : 0,
    ...(connectLatencyMs !== undefined && { ConnectLatency: connectLatencyMs }),
  };
}
