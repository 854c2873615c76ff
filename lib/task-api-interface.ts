import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

/**
 * A task endpoint, made in this stack by `TaskApi` or imported with `TaskApi.fromTaskApiAttributes`:
 * what monitoring it needs.
 */
export interface ITaskApi extends IConstruct {
  /** The ARN of the Amazon Connect instance the endpoint creates tasks in. */
  readonly instanceArn: string;
  /** The REST API's name: the `ApiName` dimension of its API Gateway metrics and of the endpoint's own. */
  readonly restApiName: string;
  /** Every function of the endpoint. */
  readonly functions: lambda.IFunction[];
  /** With `asyncDelivery`: the queue of accepted requests. */
  readonly requestQueue?: sqs.IQueue;
  /** With `asyncDelivery`: the dead-letter queue of `requestQueue`. */
  readonly requestDeadLetterQueue?: sqs.IQueue;
  /** With `asyncDelivery.imports`: the importer's queue. */
  readonly importJobQueue?: sqs.IQueue;
  /** With `asyncDelivery.imports`: the dead-letter queue of `importJobQueue`. */
  readonly importJobDeadLetterQueue?: sqs.IQueue;

  /** A metric the endpoint's functions publish. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Tasks Amazon Connect created through this endpoint. */
  metricTasksCreated(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests refused by the endpoint's rules before calling Amazon Connect. */
  metricValidationRejections(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests Amazon Connect throttled even after the SDK's retries. */
  metricConnectThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** How long a request's Amazon Connect calls took together, in milliseconds. */
  metricConnectLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests to the API's stage. */
  metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests answered 4xx. */
  metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Requests answered 5xx. */
  metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** Time from API Gateway receiving a request to answering it, in milliseconds. */
  metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery`: queued requests waiting for delivery. */
  metricQueuedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery`: the age of the oldest queued request, in seconds. */
  metricOldestQueuedRequestAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery`: requests in the dead-letter queue. */
  metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery`: queued requests that ended FAILED. */
  metricFailedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery.imports`: imports whose file was refused as a whole. */
  metricFailedImports(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery.imports`: the age of the importer's oldest job, in seconds. */
  metricOldestImportJobAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** With `asyncDelivery.imports`: import jobs in the importer's dead-letter queue. */
  metricImportDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** What names a task endpoint made by a `TaskApi` in another stack or app, for `TaskApi.fromTaskApiAttributes`. */
export interface TaskApiAttributes {
  /** The ARN of the Amazon Connect instance the endpoint creates tasks in. */
  readonly instanceArn: string;
  /** The REST API's name: `TaskApi.restApiName`. */
  readonly restApiName: string;
  /**
   * The stage's name.
   *
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * The endpoint's functions (`TaskApi.functions`), e.g. from `lambda.Function.fromFunctionName`.
   *
   * @default - none: the handlerErrors alarm is left out
   */
  readonly functions?: lambda.IFunction[];
  /**
   * With `asyncDelivery`: the queue of accepted requests (`TaskApi.requestQueue`).
   *
   * @default - no asyncDelivery: no queue metrics or alarms
   */
  readonly requestQueue?: sqs.IQueue;
  /**
   * With `asyncDelivery`: the dead-letter queue of `requestQueue` (`TaskApi.requestDeadLetterQueue`).
   *
   * @default - no asyncDelivery: no queue metrics or alarms
   */
  readonly requestDeadLetterQueue?: sqs.IQueue;
  /**
   * With `asyncDelivery.imports`: the importer's queue (`TaskApi.importJobQueue`).
   *
   * @default - no bulk imports: no import metrics or alarms
   */
  readonly importJobQueue?: sqs.IQueue;
  /**
   * With `asyncDelivery.imports`: the dead-letter queue of `importJobQueue` (`TaskApi.importJobDeadLetterQueue`).
   *
   * @default - no bulk imports: no import metrics or alarms
   */
  readonly importJobDeadLetterQueue?: sqs.IQueue;
}
