import type { Duration } from 'aws-cdk-lib';

/** Changes to one alarm of a {@link TaskMonitoring}: its threshold, its periods, or whether it exists. */
export interface TaskAlarmSettings {
  /**
   * Create this alarm.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The threshold, in the alarm's own unit (see each alarm).
   *
   * @default - the alarm's documented threshold
   */
  readonly threshold?: number;

  /**
   * How many periods are evaluated.
   *
   * @default - the alarm's documented number
   */
  readonly evaluationPeriods?: number;

  /**
   * How many of the evaluated periods must breach.
   *
   * @default - all of the evaluated periods
   */
  readonly datapointsToAlarm?: number;

  /**
   * The length of each period.
   *
   * @default - the alarm's documented period
   */
  readonly period?: Duration;
}

/**
 * The alarms of a {@link TaskMonitoring}. Each is on by default with the threshold documented
 * here; pass `{ enabled: false }` to leave one out, or other settings to tune it.
 */
export interface TaskAlarmOptions {
  /**
   * The share of the endpoint's requests answered 5xx (`5XXError / Count`, in percent).
   * Missing data (no requests) is not breaching.
   *
   * @default - more than 5 (%) in 3 of 3 one-minute periods
   */
  readonly serverErrorRate?: TaskAlarmSettings;

  /**
   * API Gateway's p90 `Latency`, in milliseconds. Missing data (no requests) is not breaching.
   *
   * @default - 2500 ms or more in 5 of 5 one-minute periods
   */
  readonly latency?: TaskAlarmSettings;

  /**
   * Invocations of the endpoint's functions that failed, summed over them (Lambda `Errors`:
   * crashes, timeouts, out of memory; a request a function answers, even with a 500, is not one).
   * Missing data (no invocations) is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period
   */
  readonly handlerErrors?: TaskAlarmSettings;

  /**
   * Requests Amazon Connect throttled after the SDK's retries (`ConnectThrottles`). One burst is
   * expected to meet Connect's quota; throttles every minute mean callers keep getting 429s.
   * Missing data (no requests) is not breaching.
   *
   * @default - 1 or more in each of 3 of 3 one-minute periods
   */
  readonly connectThrottles?: TaskAlarmSettings;

  /**
   * With `asyncDelivery`: requests in the dead-letter queue (`metricDeadLetters`). Each is a
   * task that will not be created until someone looks. Missing data (SQS stops reporting an
   * empty, idle queue) is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period (maximum)
   */
  readonly deadLetters?: TaskAlarmSettings;

  /**
   * With `asyncDelivery`: the age of the oldest queued request, in seconds
   * (`metricOldestQueuedRequestAge`). Delivery has stalled or fallen far behind. Missing data
   * (an empty, idle queue) is not breaching.
   *
   * @default - 900 (15 minutes) or more in 1 of 1 five-minute period (maximum)
   */
  readonly oldestQueuedRequest?: TaskAlarmSettings;

  /**
   * With `asyncDelivery.imports`: imports that failed, a file refused as a whole
   * (`metricFailedImports`) or an import job the importer failed on 5 times
   * (`metricImportDeadLetters`). Read the import's status and the importer's log.
   *
   * @default - 1 or more in 1 of 1 five-minute period
   */
  readonly failedImports?: TaskAlarmSettings;

  /**
   * With `asyncDelivery.imports`: the age of the importer's oldest job, in seconds
   * (`metricOldestImportJobAge`). An import is taken up within seconds of its upload and handed on
   * every 15 minutes, and a crashed run is taken up again after 90 minutes; a job older than that
   * is an import that is stuck.
   *
   * @default - 7200 (2 hours) or more in 1 of 1 five-minute period (maximum)
   */
  readonly stuckImports?: TaskAlarmSettings;

  /**
   * Per schedule group of `recurringTasks`: attempts Connect refused for a reason other than
   * throttling (`TargetErrorCount - TargetErrorThrottledCount`): a missing permission, target or
   * field that retries will not cure. Throttled attempts are retried, and show as dead letters if
   * they never succeed. Missing data (no errors reported) is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period
   */
  readonly schedulerTargetErrors?: TaskAlarmSettings;

  /**
   * Per dead-letter queue of `recurringTasks`: occurrences that started no task. Missing data (an
   * empty, idle queue) is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period (maximum)
   */
  readonly scheduleDeadLetters?: TaskAlarmSettings;

  /**
   * Per webhook of `taskEvents`: task events it did not deliver, after EventBridge's retries
   * (`FailedInvocations + InvocationsSentToDlq + InvocationsFailedToBeSentToDlq`). Missing data
   * (EventBridge reports these only when they are not zero) is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period
   */
  readonly webhookDeliveryFailures?: TaskAlarmSettings;

  /**
   * The account's `StartTaskContact` quota in use in the instance's region, in percent
   * (`ConnectInstanceMetrics.metricStartTaskContactQuotaUsage`: `AWS/Usage` `CallCount` per
   * second against `SERVICE_QUOTA()`). Missing data (no calls) is not breaching.
   *
   * @default - 80 (%) or more in 5 of 5 one-minute periods
   */
  readonly startTaskContactQuota?: TaskAlarmSettings;

  /**
   * Connect's `ConcurrentTasksPercentage`: the share of the instance's active tasks quota in use.
   * Connect sends it every 5 minutes, so missing data keeps the alarm's state (a late datapoint
   * neither raises nor clears it); an instance with no data yet is INSUFFICIENT_DATA.
   *
   * @default - 80 (%) or more in 1 of 1 five-minute period (maximum)
   */
  readonly concurrentTasks?: TaskAlarmSettings;

  /**
   * Connect's `TasksBreachingConcurrencyQuota`: tasks refused because the instance's active tasks
   * quota was full. Missing data is not breaching.
   *
   * @default - 1 or more in 1 of 1 five-minute period
   */
  readonly tasksBreachingQuota?: TaskAlarmSettings;
}
