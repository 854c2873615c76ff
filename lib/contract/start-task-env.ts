import { parseInstanceArn, type ParsedInstanceArn } from './connect-arns';
import { TASK_LIMITS } from './task-request/limits';
import { type TargetFragment, targetKey } from './task-request/target';
import type { KnownTaskTemplate } from './task-template/known-template';

/**
 * The environment the task endpoint's function reads: the construct writes it with
 * `startTaskEnvironment`, the handler reads it once per container with `readStartTaskEnvironment`.
 * Targets travel as JSON of their request fields, e.g. `{"ContactFlowId":"…"}`.
 */
export const START_TASK_ENV = {
  instanceArn: 'CONNECT_INSTANCE_ARN',
  defaultTarget: 'DEFAULT_TARGET',
  allowedTargets: 'ALLOWED_TARGETS',
  maxScheduleAheadSeconds: 'MAX_SCHEDULE_AHEAD_SECONDS',
  connectTimeoutMs: 'CONNECT_TIMEOUT_MS',
  /** The task templates the construct declared, which requests naming them are checked against. */
  taskTemplates: 'TASK_TEMPLATES',
} as const;

/**
 * The most the known task templates may take of a function's environment: Lambda allows 4 KB for
 * all variables together, and the others need about 1 KB (ARNs, targets, queue settings).
 */
export const TASK_TEMPLATES_ENV_MAX_BYTES = 3072;

/** A template id as Connect makes them, for sizing the environment before ids are known. */
export const TEMPLATE_ID_EXAMPLE = '00000000-0000-4000-8000-000000000000';

/** The keys of the function's environment that the construct owns. */
export const START_TASK_ENV_NAMES: readonly string[] = Object.values(START_TASK_ENV);

/** How long the task endpoint waits for Amazon Connect by default, retries included. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 8000;

/** What the task endpoint's function keeps beyond its Connect deadline to log and answer. */
export const START_TASK_TIMEOUT_MARGIN_MS = 2000;

/** The task endpoint function's Lambda timeout for a Connect deadline. */
export const startTaskFunctionTimeoutMs = (connectTimeoutMs: number) => connectTimeoutMs + START_TASK_TIMEOUT_MARGIN_MS;

/** The task endpoint function's settings. */
export interface StartTaskSettings {
  readonly instanceArn: string;
  readonly defaultTarget?: TargetFragment;
  readonly allowedTargets?: readonly TargetFragment[];
  readonly maxScheduleAheadSeconds: number;
  readonly connectTimeoutMs: number;
  readonly taskTemplates?: readonly KnownTaskTemplate[];
}

/** The function's configuration as the handler uses it. */
export interface StartTaskConfig {
  readonly instance: ParsedInstanceArn;
  readonly defaultTarget?: TargetFragment;
  /** `Field:id` keys of the allowed targets; undefined when every target is allowed. */
  readonly allowedTargets?: ReadonlySet<string>;
  readonly maxScheduleAheadSeconds: number;
  readonly connectTimeoutMs: number;
  /** The known task templates by id; a template given only by id is judged by Connect alone. */
  readonly taskTemplates: ReadonlyMap<string, KnownTaskTemplate>;
}

/** The environment variables that carry `settings` (values may be CDK tokens). */
export function startTaskEnvironment(settings: StartTaskSettings): Record<string, string> {
  return {
    [START_TASK_ENV.instanceArn]: settings.instanceArn,
    [START_TASK_ENV.maxScheduleAheadSeconds]: String(settings.maxScheduleAheadSeconds),
    [START_TASK_ENV.connectTimeoutMs]: String(settings.connectTimeoutMs),
    ...(settings.defaultTarget && { [START_TASK_ENV.defaultTarget]: JSON.stringify(settings.defaultTarget) }),
    ...(settings.allowedTargets && { [START_TASK_ENV.allowedTargets]: JSON.stringify(settings.allowedTargets) }),
    ...(settings.taskTemplates?.length && { [START_TASK_ENV.taskTemplates]: JSON.stringify(settings.taskTemplates) }),
  };
}

/** Reads the configuration; a malformed setting fails the container's start rather than turning a check off. */
export function readStartTaskEnvironment(env: NodeJS.ProcessEnv): StartTaskConfig {
  const instance = parseInstanceArn(env[START_TASK_ENV.instanceArn] ?? '');
  if (!instance) throw new Error(`${START_TASK_ENV.instanceArn} is not a Connect instance ARN`);
  const allowed = jsonSetting<TargetFragment[]>(env, START_TASK_ENV.allowedTargets);
  return {
    instance,
    defaultTarget: jsonSetting<TargetFragment>(env, START_TASK_ENV.defaultTarget),
    allowedTargets: allowed && new Set(allowed.map((t) => targetKey(t)!)),
    maxScheduleAheadSeconds: positiveNumber(
      env,
      START_TASK_ENV.maxScheduleAheadSeconds,
      TASK_LIMITS.defaultMaxScheduleAheadSeconds,
      'seconds',
    ),
    connectTimeoutMs: positiveNumber(env, START_TASK_ENV.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, 'milliseconds'),
    taskTemplates: new Map((jsonSetting<KnownTaskTemplate[]>(env, START_TASK_ENV.taskTemplates) ?? []).map((t) => [t.id, t])),
  };
}

function jsonSetting<T>(env: NodeJS.ProcessEnv, name: string): T | undefined {
  const value = env[name];
  return value ? (JSON.parse(value) as T) : undefined;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, unit: string): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of ${unit}`);
  return value;
}
