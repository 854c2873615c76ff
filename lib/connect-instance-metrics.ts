import { Duration, Fn, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { parseInstanceArn } from './contract';
import { assertInstanceArn } from './private/instance-arn-prop';

/**
 * Amazon Connect's own task metrics for one instance (namespace `AWS/Connect`, dimensions
 * `InstanceId` and `MetricGroup=Tasks`), and the account's `StartTaskContact` call count
 * (namespace `AWS/Usage`). Each metric is in the instance's region, which may differ from the
 * stack's. See https://docs.aws.amazon.com/connect/latest/adminguide/monitoring-cloudwatch.html
 */
export class ConnectInstanceMetrics {
  /** The ARN of the Amazon Connect instance. */
  public readonly instanceArn: string;
  /** The instance's id, the last part of its ARN. */
  public readonly instanceId: string;
  /**
   * The instance's region, read from its ARN.
   *
   * @default - the stack's region, when the ARN is a token
   */
  public readonly region?: string;

  /**
   * @param instanceArn the ARN of the Amazon Connect instance
   */
  constructor(instanceArn: string) {
    assertInstanceArn(undefined, instanceArn);
    this.instanceArn = instanceArn;
    const parsed = Token.isUnresolved(instanceArn) ? undefined : parseInstanceArn(instanceArn);
    this.instanceId = parsed?.instanceId ?? Fn.select(1, Fn.split('/', instanceArn));
    this.region = parsed?.region;
  }

  /**
   * A task metric of the instance in the `AWS/Connect` namespace (`MetricGroup=Tasks`).
   *
   * @default - average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Connect',
      metricName,
      dimensionsMap: { InstanceId: this.instanceId, MetricGroup: 'Tasks' },
      region: this.region,
      ...props,
    });
  }

  /**
   * The share of the instance's concurrent active tasks quota in use, in percent. Connect sends
   * it every 5 minutes.
   *
   * @default - maximum over 5 minutes
   */
  public metricConcurrentTasksPercentage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConcurrentTasksPercentage', { statistic: 'Maximum', ...props });
  }

  /**
   * Concurrent active tasks in the instance. Connect sends it every 5 minutes.
   *
   * @default - maximum over 5 minutes
   */
  public metricConcurrentTasks(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConcurrentTasks', { statistic: 'Maximum', ...props });
  }

  /**
   * Tasks that exceeded the instance's concurrent active tasks quota.
   *
   * @default - sum over 5 minutes
   */
  public metricTasksBreachingConcurrencyQuota(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('TasksBreachingConcurrencyQuota', { statistic: 'Sum', ...props });
  }

  /**
   * Tasks that expired before an agent finished them. Connect publishes this metric per contact
   * (dimension `ContactId`), so this is a search expression that sums it over the instance's
   * contacts: fit for graphs, not for alarms.
   *
   * @default - sum over 5 minutes
   */
  public metricTasksExpired(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    const period = props?.period ?? Duration.minutes(5);
    const search = `{AWS/Connect,ContactId,InstanceId,MetricGroup} MetricName="TasksExpired" InstanceId="${this.instanceId}"`;
    return new cloudwatch.MathExpression({
      expression: `SUM(SEARCH('${search}', 'Sum', ${period.toSeconds()}))`,
      label: 'TasksExpired',
      searchRegion: this.region,
      ...props,
      period,
    });
  }

  /**
   * `StartTaskContact` calls made by the whole account in the instance's region (namespace
   * `AWS/Usage`, metric `CallCount`), against the account's quota, 2 per second by default.
   *
   * @default - sum over 1 minute
   */
  public metricStartTaskContactCalls(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Usage',
      metricName: 'CallCount',
      dimensionsMap: { Service: 'Connect', Type: 'API', Resource: 'StartTaskContact', Class: 'None' },
      region: this.region,
      statistic: 'Sum',
      period: Duration.minutes(1),
      ...props,
    });
  }

  /**
   * The share of the account's `StartTaskContact` quota in use in the instance's region, in
   * percent: the calls of each period (`metricStartTaskContactCalls`) per second, against the
   * quota Service Quotas holds for them (`SERVICE_QUOTA()`, 2 a second by default, raised ones
   * included). A period's average hides a burst within it; Connect's throttling of the task
   * endpoint has its own metric.
   *
   * @default - over 1 minute
   */
  public metricStartTaskContactQuotaUsage(props?: cloudwatch.MathExpressionOptions): cloudwatch.IMetric {
    const period = props?.period ?? Duration.minutes(1);
    return new cloudwatch.MathExpression({
      // CallCount is a count per period, the quota a rate per second.
      expression: '100 * calls / PERIOD(calls) / SERVICE_QUOTA(calls)',
      usingMetrics: { calls: this.metricStartTaskContactCalls({ period }) },
      label: 'StartTaskContact quota used (%)',
      ...props,
      period,
    });
  }
}
