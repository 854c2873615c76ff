import { type Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { START_TASK_TIMEOUT_MARGIN_MS } from '../contract';
import type { TaskTarget } from '../task-target';
import { constructError } from './construct-error';

/** API Gateway's integration timeout, which the function and its Connect call must finish inside. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;

export function checkTargets(scope: IConstruct, defaultTarget?: TaskTarget, allowedTargets?: TaskTarget[]): TaskTarget[] | undefined {
  if (allowedTargets === undefined) return undefined;
  if (allowedTargets.length === 0) {
    throw constructError(
      scope,
      'allowedTargets is empty, so no task could ever be created. List the targets callers may use, or omit allowedTargets to allow every target of the instance.',
    );
  }
  if (defaultTarget && !allowedTargets.some((t) => t._key() === defaultTarget._key())) {
    throw constructError(
      scope,
      `defaultTarget ${defaultTarget._key()} is not in allowedTargets (${allowedTargets.map((t) => t._key()).join(', ')}). Add it to allowedTargets.`,
    );
  }
  return allowedTargets;
}

export function checkConnectTimeout(scope: IConstruct, timeout: Duration): Duration {
  if (Token.isUnresolved(timeout.toMilliseconds({ integral: false }))) return timeout;
  const latest = API_GATEWAY_TIMEOUT_SECONDS - 1 - START_TASK_TIMEOUT_MARGIN_MS / 1000;
  if (timeout.toMilliseconds() < 1000 || timeout.toSeconds({ integral: false }) > latest) {
    throw constructError(
      scope,
      `connectTimeout is ${timeout.toHumanString()}; it must be between 1 second and ${latest} seconds so the function answers inside API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS}-second limit.`,
    );
  }
  return timeout;
}
