import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { resourcesOf } from '../template';

export interface DimensionProperty {
  readonly Name: string;
  readonly Value: unknown;
}

/** One entry of an alarm's `Metrics`: a metric math expression, or a metric it uses. */
export interface AlarmMetricProperty {
  readonly Id: string;
  readonly Expression?: string;
  readonly Label?: string;
  readonly ReturnData: boolean;
  readonly MetricStat?: {
    readonly Metric: { readonly Namespace: string; readonly MetricName: string; readonly Dimensions: DimensionProperty[] };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** The properties of an `AWS::CloudWatch::Alarm`, on one metric or on metric math (`Metrics`). */
export interface AlarmProperties {
  readonly AlarmDescription: string;
  readonly Threshold: number;
  readonly ComparisonOperator: string;
  readonly EvaluationPeriods: number;
  readonly DatapointsToAlarm?: number;
  readonly TreatMissingData?: string;
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: DimensionProperty[];
  readonly Statistic?: string;
  readonly ExtendedStatistic?: string;
  readonly Period?: number;
  readonly Metrics?: AlarmMetricProperty[];
  readonly AlarmActions?: unknown[];
  readonly OKActions?: unknown[];
}

/** The synthesized properties of `alarm`, read from `template`. */
export function alarmProperties(template: Template, alarm: cloudwatch.Alarm): AlarmProperties {
  const logicalId = Stack.of(alarm).getLogicalId(alarm.node.defaultChild as CfnElement);
  const found = resourcesOf<AlarmProperties>(template, 'AWS::CloudWatch::Alarm')[logicalId];
  if (!found) throw new Error(`the template has no alarm ${logicalId}`);
  return found.Properties;
}

/** The alarm of `alarms` whose construct id is `key` (its key in TaskAlarmOptions); fails the test if there is none. */
export function alarmOf(alarms: readonly cloudwatch.Alarm[], key: string): cloudwatch.Alarm {
  const found = alarms.find((a) => a.node.id === key);
  if (!found) throw new Error(`no alarm ${key} among ${alarms.map((a) => a.node.id).join(', ')}`);
  return found;
}
