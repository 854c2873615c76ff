import { readStartTaskEnvironment, type StartTaskConfig, startTaskEnvironment, type StartTaskSettings } from './start-task-env';

/**
 * The environment of the lifecycle routes' functions (GET, PATCH and DELETE `/tasks/{contactId}`):
 * the task endpoint's own variables, with the same names and encoding, less the routing targets,
 * which only task creation reads.
 */
export type TaskLifecycleSettings = Omit<StartTaskSettings, 'defaultTarget' | 'allowedTargets'>;
export type TaskLifecycleConfig = Omit<StartTaskConfig, 'defaultTarget' | 'allowedTargets'>;

/** The environment variables that carry `settings` (values may be CDK tokens). */
export function taskLifecycleEnvironment(settings: TaskLifecycleSettings): Record<string, string> {
  return startTaskEnvironment(settings);
}

/** Reads the configuration; a malformed setting fails the container's start. */
export function readTaskLifecycleEnvironment(env: NodeJS.ProcessEnv): TaskLifecycleConfig {
  const { instance, maxScheduleAheadSeconds, connectTimeoutMs, taskTemplates } = readStartTaskEnvironment(env);
  return { instance, maxScheduleAheadSeconds, connectTimeoutMs, taskTemplates };
}
