import {
  asyncDeliveryEnvironment,
  type AsyncDeliverySettings,
  importsEnvironment,
  type ImportsSettings,
  type RouteEnvironment,
  startTaskEnvironment,
  type StartTaskSettings,
  TASK_METRICS_ENV,
  taskLifecycleEnvironment,
} from '../contract';

/** Everything a TaskApi's functions may read from their environment. */
export interface HandlerSettings {
  readonly connect: StartTaskSettings;
  /** With `asyncDelivery`. */
  readonly asyncDelivery?: AsyncDeliverySettings;
  /** With `asyncDelivery.imports`. */
  readonly imports?: ImportsSettings;
  /** The endpoint's metrics dimension: every function publishes under it. */
  readonly apiName: string;
}

/** The one place a function's owned environment is written: the parts it reads, and its metrics name. */
export function handlerEnvironment(parts: readonly RouteEnvironment[], settings: HandlerSettings): Record<string, string> {
  const { defaultTarget: _defaultTarget, allowedTargets: _allowedTargets, ...connect } = settings.connect;
  return {
    ...(parts.includes('connect') && taskLifecycleEnvironment(connect)),
    ...(parts.includes('targets') && startTaskEnvironment(settings.connect)),
    ...(parts.includes('asyncDelivery') && settings.asyncDelivery && asyncDeliveryEnvironment(settings.asyncDelivery)),
    ...(parts.includes('imports') && settings.imports && importsEnvironment(settings.imports)),
    [TASK_METRICS_ENV]: settings.apiName,
  };
}
