import { type Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { DELIVERY_RATE_LIMITS, START_TASK_TIMEOUT_MARGIN_MS } from '../contract';
import type { TaskTarget } from '../task-target';
import { checkPropRules, type PropRule } from './prop-rules';
import { wholeWithin } from './whole-within';

/** API Gateway's integration timeout, which the function and its Connect call must finish inside. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;
const LATEST_CONNECT_TIMEOUT_SECONDS = API_GATEWAY_TIMEOUT_SECONDS - 1 - START_TASK_TIMEOUT_MARGIN_MS / 1000;
/** SQS's range for a redrive policy's maxReceiveCount. */
const MAX_RECEIVE_COUNT = { min: 1, max: 1000 } as const;

/** What TaskApi checks: its props with their defaults applied, the queued delivery rate included. */
export interface TaskApiChecked {
  readonly defaultTarget?: TaskTarget;
  readonly allowedTargets?: TaskTarget[];
  readonly connectTimeout: Duration;
  readonly asyncDelivery?: { readonly ratePerSecond: number; readonly maxReceiveCount: number };
}

const keys = (targets: TaskTarget[]) => targets.map((t) => t._key()).join(', ');

const TASK_API_RULES: ReadonlyArray<PropRule<TaskApiChecked>> = [
  {
    fails: ({ allowedTargets }) => allowedTargets?.length === 0,
    message: () =>
      'allowedTargets is empty, so no task could ever be created. List the targets callers may use, or omit allowedTargets to allow every target of the instance.',
  },
  {
    fails: ({ defaultTarget, allowedTargets }) =>
      !!defaultTarget && !!allowedTargets?.length && !allowedTargets.some((t) => t._key() === defaultTarget._key()),
    message: ({ defaultTarget, allowedTargets }) =>
      `defaultTarget ${defaultTarget!._key()} is not in allowedTargets (${keys(allowedTargets!)}). Add it to allowedTargets.`,
  },
  {
    fails: ({ connectTimeout }) =>
      !Token.isUnresolved(connectTimeout.toMilliseconds({ integral: false })) &&
      (connectTimeout.toMilliseconds({ integral: false }) < 1000 ||
        connectTimeout.toSeconds({ integral: false }) > LATEST_CONNECT_TIMEOUT_SECONDS),
    message: ({ connectTimeout }) =>
      `connectTimeout is ${connectTimeout.toHumanString()}; it must be between 1 second and ${LATEST_CONNECT_TIMEOUT_SECONDS} seconds so the function answers inside API Gateway's ${API_GATEWAY_TIMEOUT_SECONDS}-second limit.`,
  },
  {
    fails: ({ asyncDelivery }) => !!asyncDelivery && Token.isUnresolved(asyncDelivery.ratePerSecond),
    message: () =>
      'asyncDelivery.ratePerSecond is a token; it must be a number known at synth time, because the batch size and timeouts follow from it.',
  },
  {
    fails: ({ asyncDelivery }) => {
      const rate = asyncDelivery?.ratePerSecond;
      return (
        rate !== undefined &&
        !Token.isUnresolved(rate) &&
        !(Number.isFinite(rate) && rate >= DELIVERY_RATE_LIMITS.min && rate <= DELIVERY_RATE_LIMITS.max)
      );
    },
    message: ({ asyncDelivery }) =>
      `asyncDelivery.ratePerSecond is ${asyncDelivery!.ratePerSecond}; it must be between ${DELIVERY_RATE_LIMITS.min} and ${DELIVERY_RATE_LIMITS.max} calls a second, at most your Amazon Connect StartTaskContact quota (2 by default).`,
  },
  {
    fails: ({ asyncDelivery }) => !!asyncDelivery && !wholeWithin(asyncDelivery.maxReceiveCount, MAX_RECEIVE_COUNT),
    message: ({ asyncDelivery }) =>
      `asyncDelivery.maxReceiveCount is ${asyncDelivery!.maxReceiveCount}; it must be a whole number from ${MAX_RECEIVE_COUNT.min} to ${MAX_RECEIVE_COUNT.max} (SQS's range for a redrive policy).`,
  },
];

/** Checks a TaskApi's props, its queued delivery's included, throwing once with every failure. */
export function checkTaskApiProps(scope: IConstruct, checked: TaskApiChecked): void {
  checkPropRules(scope, checked, TASK_API_RULES);
}
