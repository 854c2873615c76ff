import { escapePointer, type StructurallyValidTaskRequest } from '../task-request/rules';
import type { Violation } from '../task-request/violation';
import { fieldValueProblem } from './definition';
import { REFERENCE_TYPE_OF_FIELD, REQUEST_MEMBER_OF_FIELD } from './field-types';
import type { KnownTaskTemplate } from './known-template';

/** Creating a task checks that required fields are filled in; an update only judges what it carries. */
export type TemplateCheckMode = 'create' | 'update';

/**
 * The values a request gives for a known template's fields, field by field. A task carries a
 * custom field's value as a reference named like the field, of the reference type of its field
 * type (UpdateContactTaskTemplate API reference); the name, description and scheduled time are
 * the request's own members. Checked: required fields present, each reference of its field's
 * type, TEXT and TEXT_AREA lengths and BOOLEAN values (as that reference documents them), a
 * single select's value among its options and no reference that names no field (ours: no
 * document says Connect checks these two at StartTaskContact). Values are never quoted back.
 */
export function checkTemplateFields(
  template: KnownTaskTemplate,
  request: StructurallyValidTaskRequest,
  mode: TemplateCheckMode,
): Violation[] {
  const violations: Violation[] = [];
  const references = request.References ?? {};
  const fields = new Map(template.fields.map((f) => [f.name, f]));

  for (const [key, { Type, Value }] of Object.entries(references)) {
    const path = `/References/${escapePointer(key)}`;
    const field = fields.get(key);
    const referenceType = field && REFERENCE_TYPE_OF_FIELD[field.type];
    if (!field || !referenceType) {
      violations.push({ path, message: `the task template has no field of this name; its fields are ${referenceFieldNames(template)}` });
    } else if (Type !== referenceType) {
      violations.push({ path: `${path}/Type`, message: `must be ${referenceType}: the task template's field is ${field.type}` });
    } else {
      // The reference type's own value rules are checkRules' (checkReferences).
      const problem = fieldValueProblem(field, Value);
      if (problem) violations.push({ path: `${path}/Value`, message: `must be ${problem}` });
    }
  }

  if (mode === 'create') {
    for (const field of template.fields.filter((f) => f.required)) {
      const member = REQUEST_MEMBER_OF_FIELD[field.type];
      const given = member ? request[member] !== undefined : Object.hasOwn(references, field.name);
      if (!given) {
        violations.push({
          path: member ? `/${member}` : `/References/${escapePointer(field.name)}`,
          message: member
            ? `is required by the task template (its ${field.type} field "${field.name}")`
            : `is required by the task template: send a ${REFERENCE_TYPE_OF_FIELD[field.type]} reference for its ${field.type} field`,
        });
      }
    }
  }
  return violations;
}

function referenceFieldNames(template: KnownTaskTemplate): string {
  const names = template.fields.filter((f) => REFERENCE_TYPE_OF_FIELD[f.type] !== undefined).map((f) => f.name);
  return names.length > 0 ? names.join(', ') : 'none (it takes no references)';
}
