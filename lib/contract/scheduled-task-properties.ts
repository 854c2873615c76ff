import { CONNECT_DEFAULT_TASK_QUOTA, scheduledTaskConnectDeadlineMs } from './connect-quota';

/**
 * The properties of the ScheduledTask custom resource, as CloudFormation hands them to the
 * handler. CloudFormation turns every scalar into a string, so the task request and the schedule
 * travel as JSON strings that keep their types (and may embed tokens, e.g. another task's id).
 */
export interface ScheduledTaskResourceProperties {
  readonly InstanceArn: string;
  /** JSON of the StartTaskContact fields other than InstanceId, ScheduledTime and ClientToken. */
  readonly TaskRequest: string;
  /** JSON of `{ "At": ISO-8601 }` or `{ "AfterSeconds": n }`. */
  readonly Schedule: string;
  readonly MaxScheduleAheadSeconds: string;
  readonly CancelOnDelete: 'true' | 'false';
  /** The construct's path, so a deploy-time failure names the construct as a synth-time one does. */
  readonly ConstructPath?: string;
}

export interface TaskScheduleProperty {
  readonly At?: string;
  readonly AfterSeconds?: number;
}

/**
 * How the ScheduledTask handler calls Connect: each call may take `deadlineMs`, retries included
 * (the SDK backs a throttled attempt off from half a second, doubling with jitter), in this many
 * attempts. The deadline follows from the stack's quota (`scheduledTaskConnectDeadlineMs`) and
 * reaches the handler in its environment; this is the one at Connect's default quota.
 */
export const SCHEDULED_TASK_CONNECT_CALL = {
  deadlineMs: scheduledTaskConnectDeadlineMs(CONNECT_DEFAULT_TASK_QUOTA),
  attempts: 8,
} as const;

/** The ScheduledTask handler's environment variable that carries its Connect deadline, in milliseconds. */
export const SCHEDULED_TASK_DEADLINE_ENV = 'CONNECT_DEADLINE_MS';

/** The ScheduledTask handler's Connect deadline from its environment, or the default quota's. */
export function readScheduledTaskDeadlineMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env[SCHEDULED_TASK_DEADLINE_ENV] ?? SCHEDULED_TASK_CONNECT_CALL.deadlineMs);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${SCHEDULED_TASK_DEADLINE_ENV} must be a whole number of milliseconds`);
  return value;
}

/** The handler's timeout: two Connect calls (an update describes the contact, then reschedules it) and a margin. */
export function scheduledTaskHandlerTimeoutSeconds(deadlineMs: number): number {
  return Math.ceil((2 * deadlineMs) / 1000) + 20;
}
