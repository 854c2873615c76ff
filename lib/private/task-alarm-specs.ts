import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { ConnectInstanceMetrics } from '../connect-instance-metrics';
import type { IRecurringTask } from '../recurring-task-interface';
import type { ITaskApi } from '../task-api-interface';
import type { TaskAlarmSpec } from './task-alarms';

/**
 * The alarms of a TaskMonitoring, with the defaults `TaskAlarmOptions` documents: what each
 * watches, its threshold and periods, its missing-data treatment, and what to do when it fires.
 */

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/** The Connect instance's task quota, and the account's StartTaskContact quota in its region. */
export function instanceAlarms(instance: ConnectInstanceMetrics): TaskAlarmSpec[] {
  return [
    {
      key: 'startTaskContactQuota',
      what: "The account's StartTaskContact quota in use (AWS/Usage CallCount per second against SERVICE_QUOTA)",
      unit: '%',
      action:
        'Find who calls StartTaskContact (ConnectThrottles of each endpoint, Scheduler TargetErrorThrottledCount), queue bursts, or ask for a higher quota (Service Quotas L-E704D621) and declare it with ConnectTaskQuota.',
      metric: (period) => instance.metricStartTaskContactQuotaUsage({ period }),
      threshold: 80,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      period: ONE_MINUTE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    {
      key: 'concurrentTasks',
      what: "Connect's active tasks quota in use (ConcurrentTasksPercentage)",
      unit: '%',
      action: 'Close or expire tasks nobody will work, or ask for a higher "Concurrent active tasks" quota.',
      metric: (period) => instance.metricConcurrentTasksPercentage({ period }),
      threshold: 80,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
    },
    {
      key: 'tasksBreachingQuota',
      what: 'Tasks refused by Connect because the active tasks quota was full (TasksBreachingConcurrencyQuota)',
      unit: '',
      action: 'The quota is full now: ask for a higher quota and close stale tasks.',
      metric: (period) => instance.metricTasksBreachingConcurrencyQuota({ period }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  ];
}

/** The endpoint, and with asyncDelivery its queue. */
export function endpointAlarms(api: ITaskApi): TaskAlarmSpec[] {
  return [
    {
      key: 'serverErrorRate',
      what: 'Share of the task endpoint requests answered 5xx',
      unit: '%',
      action: "Look up the failed requests' codes (InternalError, UpstreamError, UpstreamTimeout) in the function's log.",
      metric: (period) =>
        new cloudwatch.MathExpression({
          expression: '100 * errors / requests',
          usingMetrics: { errors: api.metricServerError({ statistic: 'Sum' }), requests: api.metricCount({ statistic: 'SampleCount' }) },
          label: '5XX rate (%)',
          period,
        }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      period: ONE_MINUTE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    {
      key: 'latency',
      what: 'p90 latency of the task endpoint',
      unit: ' ms',
      action: "Compare with ConnectLatency: a slow Connect, or Connect's retries, are the usual cause.",
      metric: (period) => api.metricLatency({ statistic: 'p90', period }),
      threshold: 2500,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 5,
      period: ONE_MINUTE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    // An imported endpoint may name no function: then there are no invocations to watch.
    ...(api.functions.length > 0
      ? [
          {
            key: 'handlerErrors',
            what: 'Failed invocations of the task endpoint functions (Lambda Errors)',
            unit: '',
            action: 'Read the log of the failed invocation: a timeout, a crash or a failed start.',
            metric: (period) => functionErrors(api.functions, period),
            threshold: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            evaluationPeriods: 1,
            period: FIVE_MINUTES,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          } satisfies TaskAlarmSpec,
        ]
      : []),
    {
      key: 'connectThrottles',
      what: 'Requests Connect throttled after the retries (ConnectThrottles)',
      unit: '',
      action: "Find who else calls StartTaskContact (AWS/Usage CallCount), spread callers' bursts, or ask for a higher quota.",
      metric: (period) => api.metricConnectThrottles({ period }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      period: ONE_MINUTE,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    ...(api.requestQueue ? queueAlarms(api) : []),
    ...(api.importJobQueue ? importAlarms(api) : []),
  ];
}

function importAlarms(api: ITaskApi): TaskAlarmSpec[] {
  return [
    {
      key: 'failedImports',
      what: 'Bulk imports that failed: a file refused as a whole, or an import job the importer failed on 5 times',
      unit: '',
      action: "Read the import's status (its error says why) and the importer's log; redrive the importer's dead-letter queue once fixed.",
      metric: (period) =>
        new cloudwatch.MathExpression({
          expression: 'FILL(refused, 0) + FILL(deadLetters, 0)',
          usingMetrics: { refused: api.metricFailedImports(), deadLetters: api.metricImportDeadLetters({ statistic: 'Maximum' }) },
          label: 'Failed imports',
          period,
        }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    {
      key: 'stuckImports',
      what: "Age of the importer's oldest job",
      unit: ' s',
      action:
        "Read the importer's log for the import it keeps failing on: a crash, a timeout before a checkpoint, or SQS refusing its lines.",
      metric: (period) => api.metricOldestImportJobAge({ period }),
      threshold: 7200,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  ];
}

function queueAlarms(api: ITaskApi): TaskAlarmSpec[] {
  return [
    {
      key: 'deadLetters',
      what: 'Queued task requests in the dead-letter queue',
      unit: '',
      action: "Read the requests' status (FAILED, DeadLettered) and the delivery function's log; fix the cause, then redrive the queue.",
      metric: (period) => api.metricDeadLetters({ period }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
    {
      key: 'oldestQueuedRequest',
      what: 'Age of the oldest queued task request',
      unit: ' s',
      action: "Check the delivery function's errors and throttles, and Connect's throttling of it (ConnectThrottles).",
      metric: (period) => api.metricOldestQueuedRequestAge({ period }),
      threshold: 900,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    },
  ];
}

/** Lambda `Errors` of every function, as one sum. */
function functionErrors(functions: lambda.IFunction[], period: Duration): cloudwatch.IMetric {
  const errors = functions.map((fn) => fn.metricErrors({ statistic: 'Sum', period }));
  if (errors.length === 1) return errors[0];
  return new cloudwatch.MathExpression({
    expression: `SUM([${errors.map((_, i) => `errors${i}`).join(', ')}])`,
    usingMetrics: Object.fromEntries(errors.map((metric, i) => [`errors${i}`, metric])),
    label: 'Errors',
    period,
  });
}

/** The RecurringTasks: each schedule group and each dead-letter queue they use, once. */
export function scheduleAlarms(tasks: IRecurringTask[]): TaskAlarmSpec[] {
  const byGroup = firstOfEach(tasks, (task) => task.scheduleGroup);
  const byQueue = firstOfEach(tasks, (task) => task.deadLetterQueue);
  return [
    ...byGroup.map((task, i): TaskAlarmSpec => ({
      key: 'schedulerTargetErrors',
      id: numbered('schedulerTargetErrors', i),
      what: 'Recurring task attempts Connect refused, throttles aside (Scheduler TargetErrorCount - TargetErrorThrottledCount)',
      unit: '',
      action:
        "Retries will not cure these: check the schedule role's permissions, the target and the task's content against Connect's answer in the dead-letter message.",
      metric: (period) =>
        new cloudwatch.MathExpression({
          expression: 'errors - FILL(throttled, 0)',
          usingMetrics: { errors: task.metricTargetErrors(), throttled: task.metricTargetThrottled() },
          label: 'Target errors, throttles aside',
          period,
        }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })),
    ...byQueue.map((task, i): TaskAlarmSpec => ({
      key: 'scheduleDeadLetters',
      id: numbered('scheduleDeadLetters', i),
      what: 'Recurring task occurrences in the dead-letter queue',
      unit: '',
      action:
        'Each message is an occurrence that started no task: read its error, fix the cause, and start the task by hand if it is still due.',
      metric: (period) => task.metricDeadLetters({ period }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      period: FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    })),
  ];
}

/** What an alarm on a webhook of `TaskEvents` takes from it (a TaskWebhook has it). */
export interface WatchedWebhook extends IConstruct {
  /** Events the webhook did not deliver. */
  metricUndelivered(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** Each webhook of `TaskEvents`: events it did not deliver. */
export function webhookAlarms(webhooks: WatchedWebhook[]): TaskAlarmSpec[] {
  return webhooks.map((webhook, i) => ({
    key: 'webhookDeliveryFailures',
    id: numbered('webhookDeliveryFailures', i),
    what: `Task events the webhook ${webhook.node.path} did not deliver (FailedInvocations + InvocationsSentToDlq + InvocationsFailedToBeSentToDlq)`,
    unit: '',
    action:
      "Read the dead-letter queue's messages (the error is in their attributes), fix the endpoint or its authorization, then replay them.",
    metric: (period) => webhook.metricUndelivered({ period }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    period: FIVE_MINUTES,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  }));
}

/** The first task of each distinct group (or queue), in the tasks' order. */
export function firstOfEach<T>(tasks: IRecurringTask[], keyOf: (task: IRecurringTask) => T): IRecurringTask[] {
  const seen = new Map<T, IRecurringTask>();
  for (const task of tasks) if (!seen.has(keyOf(task))) seen.set(keyOf(task), task);
  return [...seen.values()];
}

/** `name`, `name2`, `name3`, ...: the first alarm of a key keeps the key as its id. */
const numbered = (name: string, index: number) => (index === 0 ? name : `${name}${index + 1}`);
