import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { TaskAlarmOptions, TaskAlarmSettings } from '../task-alarm-options';
import { checkPropRules, type PropRule } from './prop-rules';
import { wholeWithin } from './whole-within';

/** One alarm of the monitoring, with the defaults its documentation states. */
export interface TaskAlarmSpec {
  /** The key of its settings in `TaskAlarmOptions`. */
  readonly key: keyof TaskAlarmOptions;
  /** Its construct id, when one key has several alarms (one per schedule group). @default - the key */
  readonly id?: string;
  /** What it watches, for its description, e.g. "5xx answers of POST /tasks". */
  readonly what: string;
  /** The threshold's unit as the description writes it, e.g. "%" or " ms". */
  readonly unit: string;
  /** What to do first when it fires. */
  readonly action: string;
  readonly metric: (period: Duration) => cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly period: Duration;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

const COMPARISONS: Partial<Record<cloudwatch.ComparisonOperator, string>> = {
  [cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD]: 'more than',
  [cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD]: 'at least',
};

/**
 * Creates a spec's alarm with the user's settings over its defaults, notifying `topic` of its
 * ALARM and OK states; returns undefined when the settings turn it off.
 */
export function createTaskAlarm(
  scope: Construct,
  spec: TaskAlarmSpec,
  settings: TaskAlarmSettings = {},
  topic?: sns.ITopic,
): cloudwatch.Alarm | undefined {
  if (settings.enabled === false) return undefined;
  const threshold = settings.threshold ?? spec.threshold;
  const evaluationPeriods = settings.evaluationPeriods ?? spec.evaluationPeriods;
  const datapointsToAlarm = settings.datapointsToAlarm ?? evaluationPeriods;
  const period = settings.period ?? spec.period;
  checkPropRules(scope, { where: `alarms.${spec.key}`, threshold, evaluationPeriods, datapointsToAlarm }, ALARM_SETTINGS_RULES);

  const alarm = new cloudwatch.Alarm(scope, spec.id ?? spec.key, {
    metric: spec.metric(period),
    threshold,
    comparisonOperator: spec.comparisonOperator,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    alarmDescription:
      `${spec.what}: ${COMPARISONS[spec.comparisonOperator]} ${threshold}${spec.unit} in ${datapointsToAlarm} of ` +
      `${evaluationPeriods} periods of ${period.toHumanString()}. ${spec.action} (cdk-connect-tasks docs/operations.md, "Operating it")`,
  });
  if (topic) {
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
  }
  return alarm;
}

interface AlarmSettingsChecked {
  readonly where: string;
  readonly threshold: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

const ANY_COUNT = { min: 1, max: Number.MAX_SAFE_INTEGER } as const;

const ALARM_SETTINGS_RULES: ReadonlyArray<PropRule<AlarmSettingsChecked>> = [
  {
    fails: ({ threshold }) => !Token.isUnresolved(threshold) && !Number.isFinite(threshold),
    message: ({ where, threshold }) => `${where}.threshold is ${threshold}; give a finite number.`,
  },
  {
    fails: ({ evaluationPeriods }) => !wholeWithin(evaluationPeriods, ANY_COUNT),
    message: ({ where, evaluationPeriods }) => `${where}.evaluationPeriods is ${evaluationPeriods}; give a whole number of at least 1.`,
  },
  {
    // Bounded by evaluationPeriods only once that is valid; a token one leaves the bound to the deployment.
    fails: ({ evaluationPeriods, datapointsToAlarm }) =>
      wholeWithin(evaluationPeriods, ANY_COUNT) &&
      !wholeWithin(datapointsToAlarm, { min: 1, max: Token.isUnresolved(evaluationPeriods) ? ANY_COUNT.max : evaluationPeriods }),
    message: ({ where, evaluationPeriods, datapointsToAlarm }) =>
      `${where}.datapointsToAlarm is ${datapointsToAlarm}; give a whole number from 1 to evaluationPeriods (${evaluationPeriods}).`,
  },
];
