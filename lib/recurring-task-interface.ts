import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/** A recurring task: what monitoring needs of it. */
export interface IRecurringTask extends IConstruct {
  /** The schedule's group; Scheduler reports its metrics per group. */
  readonly scheduleGroup: scheduler.IScheduleGroup;
  /** The queue that receives occurrences that could not start a task. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The ARN of the Amazon Connect instance the task is started in. */
  readonly instanceArn: string;
  /** Scheduler's invocation attempts of the schedule's group. */
  metricAttempts(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Attempts the target (Connect) refused. */
  metricTargetErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Attempts the target (Connect) throttled. */
  metricTargetThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Invocations Scheduler throttled. */
  metricThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Occurrences dropped after their retries. */
  metricDropped(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Occurrences sent to the dead-letter queue. */
  metricSentToDLQ(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Occurrences waiting in the dead-letter queue. */
  metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}
