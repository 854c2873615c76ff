import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConnectInstanceMetrics } from './connect-instance-metrics';
import { createTaskAlarm, type TaskAlarmSpec } from './private/task-alarms';
import { taskDashboardWidgets } from './private/task-dashboard';
import type { TaskAlarmOptions } from './task-alarm-options';
import type { TaskApi } from './task-api';

/** Properties of a {@link TaskMonitoring}. */
export interface TaskMonitoringProps {
  /**
   * The endpoint to watch: its requests, errors and latency, the tasks it creates and Connect's
   * answers to it.
   *
   * @default - no endpoint alarms or graphs
   */
  readonly taskApi?: TaskApi;

  /**
   * The Amazon Connect instance whose task quota to watch. CloudWatch alarms only watch metrics
   * of their own region: in a stack of another region, the instance's alarms are left out
   * (with a warning) and its metrics are only graphed.
   *
   * @default - the instance of `taskApi`; none without it
   */
  readonly instanceArn?: string;

  /**
   * The topic every alarm notifies when it goes into ALARM and back to OK.
   *
   * @default - the alarms notify no one
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Thresholds and periods of the alarms, or alarms to leave out.
   *
   * @default - every alarm, with its documented threshold
   */
  readonly alarms?: TaskAlarmOptions;

  /**
   * Create a CloudWatch dashboard with the metrics and the alarms.
   *
   * @default true
   */
  readonly dashboard?: boolean;

  /**
   * The dashboard's name.
   *
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms with documented thresholds and a CloudWatch dashboard for a task endpoint and the
 * Amazon Connect instance behind it. Opt-in: create one per endpoint (or per instance).
 */
export class TaskMonitoring extends Construct {
  /** The alarms created, in the order of `TaskAlarmOptions`. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The dashboard, unless `dashboard` is false. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The instance's metrics, when there is an instance to watch. */
  public readonly instanceMetrics?: ConnectInstanceMetrics;

  constructor(scope: Construct, id: string, props: TaskMonitoringProps) {
    super(scope, id);
    const instanceArn = props.instanceArn ?? props.taskApi?.instanceArn;
    if (!props.taskApi && !instanceArn) {
      throw new Error(`${this.node.path}: TaskMonitoring has nothing to watch. Give it a taskApi, an instanceArn, or both.`);
    }
    this.instanceMetrics = instanceArn ? new ConnectInstanceMetrics(instanceArn) : undefined;

    const specs = [...(props.taskApi ? endpointAlarms(props.taskApi) : []), ...this.instanceAlarms()];
    this.alarms = specs.flatMap((spec) => createTaskAlarm(this, spec, props.alarms?.[spec.key], props.alarmTopic) ?? []);

    if (props.dashboard ?? true) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName,
        widgets: taskDashboardWidgets({ taskApi: props.taskApi, instanceMetrics: this.instanceMetrics, alarms: this.alarms }),
      });
    }
  }

  /** The instance's alarms, when its metrics are in the stack's region (or may be). */
  private instanceAlarms(): TaskAlarmSpec[] {
    const instance = this.instanceMetrics;
    if (!instance) return [];
    const stackRegion = Stack.of(this).region;
    if (instance.region && !Token.isUnresolved(stackRegion) && instance.region !== stackRegion) {
      Annotations.of(this).addWarningV2(
        'cdk-connect-tasks:instanceAlarmsInOtherRegion',
        `The Connect instance is in ${instance.region} and this stack in ${stackRegion}; CloudWatch alarms only watch metrics of their own region, so the concurrentTasks and tasksBreachingQuota alarms are left out. Add a TaskMonitoring with instanceArn to a stack in ${instance.region} for them.`,
      );
      return [];
    }
    return [
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
}

function endpointAlarms(api: TaskApi): TaskAlarmSpec[] {
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
    },
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
  ];
}

function queueAlarms(api: TaskApi): TaskAlarmSpec[] {
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
