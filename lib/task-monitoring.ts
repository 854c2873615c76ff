import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConnectInstanceMetrics } from './connect-instance-metrics';
import { constructError } from './private/construct-error';
import { endpointAlarms, instanceAlarms, scheduleAlarms, webhookAlarms } from './private/task-alarm-specs';
import { createTaskAlarm, type TaskAlarmSpec } from './private/task-alarms';
import { taskDashboardWidgets } from './private/task-dashboard';
import type { IRecurringTask } from './recurring-task-interface';
import type { TaskAlarmOptions } from './task-alarm-options';
import type { ITaskApi } from './task-api-interface';
import type { TaskEvents } from './task-events';

/** Properties of a {@link TaskMonitoring}. */
export interface TaskMonitoringProps {
  /**
   * The endpoint to watch: its requests, errors and latency, the tasks it creates and Connect's
   * answers to it.
   *
   * @default - no endpoint alarms or graphs
   */
  readonly taskApi?: ITaskApi;

  /**
   * Recurring tasks to watch: Scheduler reports per schedule group, so each group (and each
   * dead-letter queue) the tasks use is watched once.
   *
   * @default - no schedule alarms or graphs
   */
  readonly recurringTasks?: IRecurringTask[];

  /**
   * Task events whose webhooks to watch: one alarm per webhook added before this construct is
   * created, on events that did not reach the endpoint.
   *
   * @default - no webhook alarms
   */
  readonly taskEvents?: TaskEvents;

  /**
   * The Amazon Connect instance whose task quota to watch. CloudWatch alarms only watch metrics
   * of their own region: in a stack of another region, the instance's alarms are left out
   * (with a warning) and its metrics are only graphed.
   *
   * @default - the instance of `taskApi`, or else of the first of `recurringTasks`, or else of `taskEvents`
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

/**
 * Alarms with documented thresholds and a CloudWatch dashboard for a task endpoint, recurring
 * tasks and the Amazon Connect instance behind them. Opt-in: create one per endpoint (or per
 * instance).
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
    const instanceArn =
      props.instanceArn ?? props.taskApi?.instanceArn ?? props.recurringTasks?.[0]?.instanceArn ?? props.taskEvents?.instanceArn;
    if (!props.taskApi && !instanceArn && !props.recurringTasks?.length) {
      throw constructError(this, 'there is nothing to watch. Give it a taskApi, recurringTasks or an instanceArn.');
    }
    this.instanceMetrics = instanceArn ? new ConnectInstanceMetrics(instanceArn) : undefined;

    const recurringTasks = props.recurringTasks ?? [];
    const specs = [
      ...(props.taskApi ? endpointAlarms(props.taskApi) : []),
      ...scheduleAlarms(recurringTasks),
      ...webhookAlarms(props.taskEvents?.webhooks ?? []),
      ...this.instanceAlarmsInRegion(),
    ];
    this.alarms = specs.flatMap((spec) => createTaskAlarm(this, spec, props.alarms?.[spec.key], props.alarmTopic) ?? []);

    if (props.dashboard ?? true) {
      this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName,
        widgets: taskDashboardWidgets({
          taskApi: props.taskApi,
          recurringTasks,
          instanceMetrics: this.instanceMetrics,
          alarms: this.alarms,
        }),
      });
    }
  }

  /** The instance's alarms, when its metrics are in the stack's region (or may be). */
  private instanceAlarmsInRegion(): TaskAlarmSpec[] {
    const instance = this.instanceMetrics;
    if (!instance) return [];
    const stackRegion = Stack.of(this).region;
    if (instance.region && !Token.isUnresolved(stackRegion) && instance.region !== stackRegion) {
      Annotations.of(this).addWarningV2(
        'cdk-connect-tasks:instanceAlarmsInOtherRegion',
        `The Connect instance is in ${instance.region} and this stack in ${stackRegion}; CloudWatch alarms only watch metrics of their own region, so the startTaskContactQuota, concurrentTasks and tasksBreachingQuota alarms are left out. Add a TaskMonitoring with instanceArn to a stack in ${instance.region} for them.`,
      );
      return [];
    }
    return instanceAlarms(instance);
  }
}
