import {
  type StartTaskConfig,
  type StructurallyValidTaskRequest,
  type TargetFragment,
  targetKey,
  validateTaskRequest,
} from '../../../lib/contract';
import { HttpError } from './http-error';
import { assertTemplateFields } from './template-fields';

/**
 * The rules a parsed `POST /tasks` body must pass before Connect is called, for a request and
 * for each line of an import alike: every rule of the task request (all broken rules listed),
 * then its target, its own or the deployment's default, checked against the allow-list, then the
 * fields of a task template the construct declared. Answers
 * the request routed to its target; throws the contract's HttpError otherwise.
 */
export function checkTaskRequest(body: unknown, source: string, config: StartTaskConfig, now: Date): StructurallyValidTaskRequest {
  const validation = validateTaskRequest(
    body,
    { hasDefaultTarget: config.defaultTarget !== undefined, maxScheduleAheadSeconds: config.maxScheduleAheadSeconds, now },
    source,
  );
  if (!validation.valid) {
    throw new HttpError('ValidationError', 'the request breaks the rules listed in details', validation.violations, {}, {}, body);
  }
  const request = withTarget(validation.request, config);
  assertTemplateFields(config.taskTemplates, request.TaskTemplateId, request, 'create', body);
  return request;
}

/** The request routed: its own target or the deployment's default, checked against the allow-list. */
function withTarget(request: StructurallyValidTaskRequest, config: StartTaskConfig): StructurallyValidTaskRequest {
  const routed = targetKey(request as TargetFragment) ? request : { ...request, ...config.defaultTarget };
  const key = targetKey(routed as TargetFragment)!;
  if (config.allowedTargets && !config.allowedTargets.has(key)) {
    const field = key.slice(0, key.indexOf(':'));
    throw new HttpError(
      'TargetNotAllowed',
      `this endpoint may not create tasks for this ${field}; ask its owner to add it to allowedTargets`,
      [{ path: `/${field}`, message: "is not one of this endpoint's allowedTargets" }],
    );
  }
  return routed;
}
