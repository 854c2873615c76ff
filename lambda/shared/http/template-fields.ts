import {
  checkTemplateFields,
  type KnownTaskTemplate,
  type StructurallyValidTaskRequest,
  type TemplateCheckMode,
} from '../../../lib/contract';
import { HttpError } from './http-error';

/**
 * Refuses, with a 400 naming each field, a request whose values do not fit the task template it
 * targets, when the construct declared that template; a template known only by id is left to Connect.
 */
export function assertTemplateFields(
  templates: ReadonlyMap<string, KnownTaskTemplate>,
  templateId: unknown,
  request: StructurallyValidTaskRequest,
  mode: TemplateCheckMode,
  body: unknown,
): void {
  const template = typeof templateId === 'string' ? templates.get(templateId) : undefined;
  const violations = template ? checkTemplateFields(template, request, mode) : [];
  if (violations.length > 0) {
    throw new HttpError(
      'ValidationError',
      "the request does not fit the task template's fields listed in details",
      violations,
      {},
      {},
      body,
    );
  }
}
