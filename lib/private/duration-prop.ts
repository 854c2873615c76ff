import { Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { TASK_LIMITS } from '../contract';
import { constructError } from './construct-error';
import { wholeWithin } from './whole-within';

/**
 * A duration prop in whole seconds, at least `minSeconds`: the unit the handlers and Connect
 * work in. Throws, naming the construct (when there is one), the prop and its value, instead of CDK's generic conversion error.
 */
export function wholeSeconds(scope: IConstruct | undefined, prop: string, duration: Duration, minSeconds: number): number {
  const seconds = duration.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) return duration.toSeconds();
  if (!wholeWithin(seconds, { min: minSeconds, max: Number.MAX_SAFE_INTEGER })) {
    const suggestion = Math.max(minSeconds, Math.ceil(seconds));
    const message = `${prop} is ${duration.toHumanString()}; it must be a whole number of seconds, at least ${minSeconds}: e.g. Duration.seconds(${suggestion}).`;
    throw scope ? constructError(scope, message) : new Error(message);
  }
  return seconds;
}

/** The `maxScheduleAhead` prop in seconds, Connect's documented window when it is not given. */
export function maxScheduleAheadSeconds(scope: IConstruct, maxScheduleAhead: Duration | undefined): number {
  return maxScheduleAhead ? wholeSeconds(scope, 'maxScheduleAhead', maxScheduleAhead, 1) : TASK_LIMITS.defaultMaxScheduleAheadSeconds;
}
