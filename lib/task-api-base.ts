import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TASK_METRICS_DIMENSION, TASK_METRICS_NAMESPACE, type TaskMetricName } from './contract';
import { constructError } from './private/construct-error';
import type { ITaskApi } from './task-api-interface';

/** The metrics of a task endpoint, from its names alone: what a `TaskApi` and an imported one share. */
export abstract class TaskApiBase extends Construct implements ITaskApi {
  public abstract readonly instanceArn: string;
  public abstract readonly restApiName: string;
  public abstract readonly functions: lambda.IFunction[];
  public abstract readonly requestQueue?: sqs.IQueue;
  public abstract readonly requestDeadLetterQueue?: sqs.IQueue;
  public abstract readonly importJobQueue?: sqs.IQueue;
  public abstract readonly importJobDeadLetterQueue?: sqs.IQueue;
  /** The stage's name: the `Stage` dimension of the API Gateway metrics. */
  protected abstract readonly stageName: string;

  /**
   * A metric the endpoint's functions publish, in the `ConnectTasks` namespace with this
   * endpoint's `ApiName` dimension: `TasksCreated`, `ValidationRejections`, `ConnectThrottles`,
   * `ConnectLatency`, and with `asyncDelivery` `FailedRequests`.
   *
   * @default - average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: TASK_METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { [TASK_METRICS_DIMENSION]: this.restApiName },
      ...props,
    });
  }

  /**
   * Tasks Amazon Connect created through this endpoint.
   *
   * @default - sum over 5 minutes
   */
  public metricTasksCreated(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('TasksCreated', 'Sum', props);
  }

  /**
   * Requests a function refused by the endpoint's rules before calling Amazon Connect, on any
   * route: a broken rule (400 `ValidationError`), a wrong media type (415), a body too large (413),
   * a target outside `allowedTargets` (403). An unknown task (404) is not one.
   *
   * @default - sum over 5 minutes
   */
  public metricValidationRejections(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ValidationRejections', 'Sum', props);
  }

  /**
   * Requests Amazon Connect throttled even after the SDK's retries (answered 429), and with
   * `asyncDelivery` each throttled delivery attempt. Connect's `StartTaskContact` quota is shared
   * by every caller in the account and region.
   *
   * @default - sum over 5 minutes
   */
  public metricConnectThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ConnectThrottles', 'Sum', props);
  }

  /**
   * How long a request's Amazon Connect calls took together, retries included, in milliseconds:
   * `StartTaskContact` for `POST /tasks` and each delivery attempt, and the calls of a
   * `/tasks/{contactId}` route (one to four). Requests that never reached Connect publish none.
   *
   * @default - average over 5 minutes
   */
  public metricConnectLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ownMetric('ConnectLatency', 'Average', props);
  }

  /**
   * Requests to the API's stage (API Gateway's `Count`, dimensions `ApiName` and `Stage`).
   *
   * @default - sample count over 5 minutes
   */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('Count', 'SampleCount', props);
  }

  /**
   * Requests answered 4xx, by API Gateway or the function (API Gateway's `4XXError`).
   *
   * @default - sum over 5 minutes
   */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('4XXError', 'Sum', props);
  }

  /**
   * Requests answered 5xx, by API Gateway or the function (API Gateway's `5XXError`).
   *
   * @default - sum over 5 minutes
   */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('5XXError', 'Sum', props);
  }

  /**
   * Time from API Gateway receiving a request to answering it, in milliseconds (API Gateway's `Latency`).
   *
   * @default - average over 5 minutes
   */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stageMetric('Latency', 'Average', props);
  }

  /**
   * With `asyncDelivery`: queued requests waiting for delivery (SQS `ApproximateNumberOfMessagesVisible`).
   *
   * @default - maximum over 5 minutes
   */
  public metricQueuedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricQueuedRequests').queue.metricApproximateNumberOfMessagesVisible(props);
  }

  /**
   * With `asyncDelivery`: the age of the oldest queued request, in seconds (SQS `ApproximateAgeOfOldestMessage`).
   *
   * @default - maximum over 5 minutes
   */
  public metricOldestQueuedRequestAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricOldestQueuedRequestAge').queue.metricApproximateAgeOfOldestMessage(props);
  }

  /**
   * With `asyncDelivery`: requests in the dead-letter queue, which failed on every receive
   * (SQS `ApproximateNumberOfMessagesVisible` of `requestDeadLetterQueue`).
   *
   * @default - maximum over 5 minutes
   */
  public metricDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queued('metricDeadLetters').deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  /**
   * With `asyncDelivery`: queued requests that ended FAILED, refused by Connect (4xx) or dead-lettered.
   *
   * @default - sum over 5 minutes
   */
  public metricFailedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.queued('metricFailedRequests');
    return this.ownMetric('FailedRequests', 'Sum', props);
  }

  /**
   * With `asyncDelivery.imports`: imports whose file was refused as a whole (empty, too large, not
   * UTF-8, not JSON Lines).
   *
   * @default - sum over 5 minutes
   */
  public metricFailedImports(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    this.importQueues('metricFailedImports');
    return this.ownMetric('FailedImports', 'Sum', props);
  }

  /**
   * With `asyncDelivery.imports`: the age of the importer's oldest job, in seconds (SQS
   * `ApproximateAgeOfOldestMessage` of `importJobQueue`). A file is taken up within seconds of
   * its upload and handed on every 15 minutes; an older job is an import that does not move.
   *
   * @default - maximum over 5 minutes
   */
  public metricOldestImportJobAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.importQueues('metricOldestImportJobAge').queue.metricApproximateAgeOfOldestMessage(props);
  }

  /**
   * With `asyncDelivery.imports`: import jobs that failed 5 times, in the importer's dead-letter
   * queue (SQS `ApproximateNumberOfMessagesVisible` of `importJobDeadLetterQueue`).
   *
   * @default - maximum over 5 minutes
   */
  public metricImportDeadLetters(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.importQueues('metricImportDeadLetters').deadLetterQueue.metricApproximateNumberOfMessagesVisible(props);
  }

  private ownMetric(metricName: TaskMetricName, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(metricName, { statistic, ...props });
  }

  /** An API Gateway metric of the stage, as `Stage.metric*` makes it. */
  private stageMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.restApiName, Stage: this.stageName },
      statistic,
      ...props,
    });
  }

  /** The queues of asyncDelivery, for a method that needs them. */
  private queued(method: string): { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue } {
    if (!this.requestQueue || !this.requestDeadLetterQueue) {
      throw constructError(this, `${method}: this TaskApi has no asyncDelivery, so no queue to measure. Set asyncDelivery.`);
    }
    return { queue: this.requestQueue, deadLetterQueue: this.requestDeadLetterQueue };
  }

  /** The importer's queues, for a method that needs them. */
  private importQueues(method: string): { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue } {
    if (!this.importJobQueue || !this.importJobDeadLetterQueue) {
      throw constructError(this, `${method}: this TaskApi has no bulk imports, so no imports to measure. Set asyncDelivery.imports.`);
    }
    return { queue: this.importJobQueue, deadLetterQueue: this.importJobDeadLetterQueue };
  }
}
