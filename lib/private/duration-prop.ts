import { Duration, Token } from 'aws-cdk-lib';
import { TASK_LIMITS } from '../contract';

/**
 * A duration prop in whole seconds, at least `minSeconds`: the unit the handlers and Connect
 * work in. Throws, naming the prop and its value, instead of CDK's generic conversion error.
 */
export function wholeSeconds(prop: string, duration: Duration, minSeconds: number): number {
  const seconds = duration.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) return duration.toSeconds();
  if (!Number.isInteger(seconds) || seconds < minSeconds) {
    throw new Error(`${prop} is ${duration.toHumanString()}; it must be a whole number of seconds, at least ${minSeconds}.`);
  }
  return seconds;
}

/** The `maxScheduleAhead` prop in seconds, Connect's documented window when it is not given. */
export function maxScheduleAheadSeconds(maxScheduleAhead: Duration | undefined): number {
  return maxScheduleAhead ? wholeSeconds('maxScheduleAhead', maxScheduleAhead, 1) : TASK_LIMITS.defaultMaxScheduleAheadSeconds;
}
