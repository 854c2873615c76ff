import { TASK_METRIC_UNITS, TASK_METRICS_DIMENSION, TASK_METRICS_NAMESPACE, type TaskMetricName } from '../../../lib/contract';

export type TaskMetricValues = Partial<Record<TaskMetricName, number>>;

/**
 * Publishes metric values as one CloudWatch embedded metric format document, the endpoint's API
 * name as the only dimension. The line goes to stdout directly: with Lambda's JSON log format,
 * `console` would nest it under `message`, where CloudWatch no longer extracts it.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function publishTaskMetrics(apiName: string, values: TaskMetricValues): void {
  const names = Object.keys(values) as TaskMetricName[];
  const document = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: TASK_METRICS_NAMESPACE,
          Dimensions: [[TASK_METRICS_DIMENSION]],
          Metrics: names.map((name) => ({ Name: name, Unit: TASK_METRIC_UNITS[name] })),
        },
      ],
    },
    [TASK_METRICS_DIMENSION]: apiName,
    ...values,
  };
  process.stdout.write(`${JSON.stringify(document)}\n`);
}
