import { parseInstanceArn, type ParsedInstanceArn } from '../../lib/private/instance-arn';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../../lib/private/defaults';
import { TASK_LIMITS, type TargetFragment, targetKey } from '../../lib/private/task-request';

/** The handler's configuration, read once per container from the environment the construct sets. */
export interface StartTaskConfig {
  readonly instance: ParsedInstanceArn;
  readonly defaultTarget?: TargetFragment;
  /** `Field:id` keys of the allowed targets; undefined when every target is allowed. */
  readonly allowedTargets?: ReadonlySet<string>;
  readonly maxScheduleAheadSeconds: number;
  readonly connectTimeoutMs: number;
}

export function readConfig(env: NodeJS.ProcessEnv): StartTaskConfig {
  const instance = parseInstanceArn(env.CONNECT_INSTANCE_ARN ?? '');
  if (!instance) throw new Error('CONNECT_INSTANCE_ARN is not a Connect instance ARN');
  const allowed: TargetFragment[] | undefined = env.ALLOWED_TARGETS ? JSON.parse(env.ALLOWED_TARGETS) : undefined;
  return {
    instance,
    defaultTarget: env.DEFAULT_TARGET ? JSON.parse(env.DEFAULT_TARGET) : undefined,
    allowedTargets: allowed && new Set(allowed.map((t) => targetKey(t)!)),
    maxScheduleAheadSeconds: positiveNumber(env, 'MAX_SCHEDULE_AHEAD_SECONDS', TASK_LIMITS.defaultMaxScheduleAheadSeconds),
    connectTimeoutMs: positiveNumber(env, 'CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS),
  };
}

/** A numeric setting; a malformed one fails the container's start rather than turning a check off. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of ${name.endsWith('_MS') ? 'milliseconds' : 'seconds'}`);
  return value;
}
