import type { IConstruct } from 'constructs';
import { type KnownTaskTemplate, TASK_TEMPLATES_ENV_MAX_BYTES, TEMPLATE_ID_EXAMPLE, utf8Length } from '../contract';
import type { TaskTarget } from '../task-target';
import { constructError } from './construct-error';

/**
 * The templates declared in the app among the targets, which the functions check requests against.
 * They travel in the functions' environment, which Lambda limits to 4 KB in all.
 */
export function knownTemplates(scope: IConstruct, targets: TaskTarget[]): KnownTaskTemplate[] {
  const byKey = new Map(targets.map((t) => [t._key(), t._knownTemplate()]));
  const templates = [...byKey.values()].filter((t) => t !== undefined);
  // An id resolves to a UUID at deploy time: count it as one.
  const bytes = utf8Length(JSON.stringify(templates.map((t) => ({ ...t, id: TEMPLATE_ID_EXAMPLE }))));
  if (bytes > TASK_TEMPLATES_ENV_MAX_BYTES) {
    throw constructError(
      scope,
      `the task templates among its targets take ${bytes} bytes of the functions' environment; at most ${TASK_TEMPLATES_ENV_MAX_BYTES} fit beside the other settings in Lambda's 4 KB. Allow fewer templates, or shorten their field names and options.`,
    );
  }
  return templates;
}
