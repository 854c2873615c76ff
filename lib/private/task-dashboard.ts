import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ConnectInstanceMetrics } from '../connect-instance-metrics';
import type { IRecurringTask } from '../recurring-task-interface';
import type { ITaskApi } from '../task-api-interface';
import { firstOfEach } from './task-alarm-specs';

export interface TaskDashboardSources {
  readonly taskApi?: ITaskApi;
  readonly recurringTasks: IRecurringTask[];
  readonly instanceMetrics?: ConnectInstanceMetrics;
  readonly alarms: cloudwatch.IAlarm[];
}

/** Connect's default StartTaskContact quota, 2 calls a second, as calls a minute. */
const DEFAULT_CALLS_PER_MINUTE = 120;

const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
  new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });

/** The dashboard's rows: the alarms, the endpoint, the instance. */
export function taskDashboardWidgets({ taskApi, recurringTasks, instanceMetrics, alarms }: TaskDashboardSources): cloudwatch.IWidget[][] {
  const rows: cloudwatch.IWidget[][] = [];
  if (alarms.length > 0) rows.push([new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 3 })]);
  if (taskApi) {
    rows.push([
      graph('Requests', [
        taskApi.metricCount({ statistic: 'Sum', label: 'Requests' }),
        taskApi.metricClientError({ label: '4XX' }),
        taskApi.metricServerError({ label: '5XX' }),
      ]),
      graph(
        'Latency (ms)',
        ['p50', 'p90', 'p99'].map((statistic) => taskApi.metricLatency({ statistic, label: `API ${statistic}` })),
      ),
      graph(
        'Connect latency (ms)',
        ['p50', 'p90', 'p99'].map((statistic) => taskApi.metricConnectLatency({ statistic, label: `StartTaskContact ${statistic}` })),
      ),
    ]);
    rows.push([
      graph('Tasks', [
        taskApi.metricTasksCreated({ label: 'Created' }),
        taskApi.metricValidationRejections({ label: 'Rejected before Connect' }),
      ]),
      graph('Connect throttles', [taskApi.metricConnectThrottles({ label: 'Throttled after retries' })]),
      graph(
        'Function errors and throttles',
        taskApi.functions.flatMap((fn) => [
          fn.metricErrors({ label: `${fn.node.id} errors` }),
          fn.metricThrottles({ label: `${fn.node.id} throttles` }),
        ]),
      ),
    ]);
  }
  if (taskApi?.requestQueue) {
    rows.push([
      graph('Queued requests', [taskApi.metricQueuedRequests({ label: 'Waiting' }), taskApi.metricDeadLetters({ label: 'Dead letters' })]),
      graph('Oldest queued request (s)', [taskApi.metricOldestQueuedRequestAge({ label: 'Age' })]),
      graph('Queued requests failed', [taskApi.metricFailedRequests({ label: 'FAILED' })]),
    ]);
  }
  for (const task of firstOfEach(recurringTasks, (t) => t.scheduleGroup)) {
    rows.push([
      graph('Recurring tasks: attempts and errors (schedule group)', [
        task.metricAttempts({ label: 'Attempts' }),
        task.metricTargetErrors({ label: 'Target errors' }),
        task.metricTargetThrottled({ label: 'Throttled by Connect' }),
        task.metricThrottled({ label: 'Throttled by Scheduler' }),
      ]),
      graph('Recurring tasks: lost or dead-lettered', [
        task.metricDropped({ label: 'Dropped' }),
        task.metricSentToDLQ({ label: 'Sent to the dead-letter queue' }),
      ]),
      graph('Recurring tasks: dead-letter queue', [task.metricDeadLetters({ label: 'Waiting' })]),
    ]);
  }
  if (instanceMetrics) {
    rows.push([
      graph(
        'Connect: active tasks quota in use (%)',
        [instanceMetrics.metricConcurrentTasksPercentage({ label: 'ConcurrentTasksPercentage' })],
        {
          width: 6,
          leftYAxis: { min: 0, max: 100 },
        },
      ),
      graph(
        'Connect: tasks over quota, expired',
        [
          instanceMetrics.metricTasksBreachingConcurrencyQuota({ label: 'TasksBreachingConcurrencyQuota' }),
          instanceMetrics.metricTasksExpired(),
        ],
        { width: 6 },
      ),
      graph(
        'Connect: StartTaskContact calls a minute, whole account',
        [instanceMetrics.metricStartTaskContactCalls({ label: 'CallCount' })],
        {
          width: 12,
          leftAnnotations: [{ value: DEFAULT_CALLS_PER_MINUTE, label: 'default quota (2/s)' }],
        },
      ),
    ]);
  }
  return rows;
}
