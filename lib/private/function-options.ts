import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { ASYNC_DELIVERY_ENV, IMPORTS_ENV, START_TASK_ENV_NAMES, TASK_METRICS_ENV } from '../contract';
import { constructError } from './construct-error';

/** What to set instead, for each function option a construct sets itself. */
export type OwnedFunctionOptions = { readonly [K in keyof lambda.FunctionOptions]?: string };

/** The options every bundled handler owns: its log format, its log group and that group's retention. */
export const BUNDLED_HANDLER_OWNED_OPTIONS: OwnedFunctionOptions = {
  loggingFormat: "the handlers write Lambda's JSON log format and nothing else; remove it",
  logFormat: "the handlers write Lambda's JSON log format and nothing else; remove it",
  logRetention: 'set the logRetention prop of the construct instead',
  logGroup: 'use the logRetention prop; the construct creates the log group',
};

/** The environment variables the handlers read: the construct writes them from its props (the metrics dimension from its API's name). */
export const OWNED_ENVIRONMENT: readonly string[] = [
  ...START_TASK_ENV_NAMES,
  ...Object.values(ASYNC_DELIVERY_ENV),
  ...Object.values(IMPORTS_ENV),
  TASK_METRICS_ENV,
];

/**
 * Fails, naming each one, when function options set something the construct sets itself: the
 * construct's value would otherwise replace the caller's without a word.
 */
export function assertNoOwnedFunctionOptions(
  scope: IConstruct,
  prop: string,
  options: lambda.FunctionOptions | undefined,
  owned: OwnedFunctionOptions,
): void {
  if (!options) return;
  const given = options as Record<string, unknown>;
  const problems = [
    ...Object.entries(owned)
      .filter(([key]) => given[key] !== undefined)
      .map(([key, fix]) => `${prop}.${key} (${describe(given[key])}) is set by the construct: ${fix}`),
    ...Object.keys(options.environment ?? {})
      .filter((name) => OWNED_ENVIRONMENT.includes(name))
      .map((name) => `${prop}.environment.${name} is set by the construct from its props: remove it`),
  ];
  if (problems.length > 0) throw constructError(scope, `${problems.join('; ')}.`);
}

function describe(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
