/**
 * Amazon Connect's default API quota for `StartTaskContact` (and most Connect APIs): 2 requests a
 * second with bursts of 5, per account and region, shared by every caller. It is adjustable in
 * Service Quotas under this code. The task endpoint's stage throttle and the Connect emulator's
 * throttle default to it, so what passes locally is what AWS lets through.
 */
export const CONNECT_DEFAULT_QUOTA = { rate: 2, burst: 5, serviceQuotaCode: 'L-E704D621' } as const;

/**
 * The `StartTaskContact` quota of an account and region: a token bucket that refills
 * `ratePerSecond` calls a second and holds at most `burst`. Every default that spends the quota
 * is derived from it by the functions below, so a raised quota is declared once.
 */
export interface TaskQuota {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export const CONNECT_DEFAULT_TASK_QUOTA: TaskQuota = { ratePerSecond: CONNECT_DEFAULT_QUOTA.rate, burst: CONNECT_DEFAULT_QUOTA.burst };

/** Bounds a quota may be declared within: a fraction for a stack that may use part of the quota, up to what Connect quotas are raised to. */
export const TASK_QUOTA_LIMITS = { minRate: 0.1, maxRate: 10_000, minBurst: 1, maxBurst: 100_000 } as const;

/** API Gateway's stage throttle, as `apigateway.ThrottleSettings` names it. */
export interface StageThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * The stage throttle of an endpoint that calls Connect synchronously: the quota itself. A stage
 * that lets more through only turns the caller's 429 into a slower one.
 */
export function synchronousStageThrottle(quota: TaskQuota): StageThrottle {
  return { rateLimit: quota.ratePerSecond, burstLimit: quota.burst };
}

/**
 * How many times Connect's quota the stage of an endpoint with queued delivery lets in: the queue,
 * not the stage, absorbs the burst (at the default quota: 50 a second, bursts of 100).
 */
const QUEUE_INTAKE_FACTOR = 25;

/** The stage throttle of an endpoint with queued delivery: what the queue can take, in step with the quota. */
export function queuedStageThrottle(quota: TaskQuota): StageThrottle {
  const rateLimit = QUEUE_INTAKE_FACTOR * quota.ratePerSecond;
  return { rateLimit, burstLimit: 2 * rateLimit };
}

/**
 * The rate queued delivery drains at unless told otherwise: half the quota, leaving the other half
 * to synchronous callers (1 a second at the default quota). Bulk imports go through the same queue.
 */
export function queuedDeliveryRate(quota: TaskQuota): number {
  return quota.ratePerSecond / 2;
}

/** The tasks one deploy may start at once that the ScheduledTask handler waits out, at the quota's rate. */
const DEPLOY_CALLS_AHEAD = 100;
/** The ScheduledTask handler's wait for one Connect call: at least a few of the SDK's backoffs, at most 50 s (its timeout is two waits and a margin). */
const DEPLOY_DEADLINE_MS = { min: 10_000, max: 50_000 } as const;

/**
 * How long the ScheduledTask handler waits for one Connect call at deploy, throttling included:
 * the tasks of one deploy are created at once, each in its own Lambda container that no other
 * paces, so the last waits for those ahead of it at the quota's rate. 50 seconds at the default
 * quota (100 tasks at 2 a second), 10 seconds from 10 a second on.
 */
export function scheduledTaskConnectDeadlineMs(quota: TaskQuota): number {
  const wait = Math.ceil((DEPLOY_CALLS_AHEAD / quota.ratePerSecond) * 1000);
  return Math.min(DEPLOY_DEADLINE_MS.max, Math.max(DEPLOY_DEADLINE_MS.min, wait));
}
