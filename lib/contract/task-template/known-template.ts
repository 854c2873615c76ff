import type { TaskTemplateDefinition } from './definition';
import { REFERENCE_TYPE_OF_FIELD, REQUEST_MEMBER_OF_FIELD, type TaskTemplateFieldTypeName } from './field-types';

/** A template field as requests are checked against it. */
export interface KnownTemplateField {
  readonly name: string;
  readonly type: TaskTemplateFieldTypeName;
  /** Whether a request that creates a task must fill it in: required, and without a default to fall back on. */
  readonly required?: boolean;
  /** A single select's options. */
  readonly options?: readonly string[];
}

/**
 * A task template the construct declared, as the functions and synth-time checks judge requests
 * against it: its id and the fields a request fills in (custom fields, carried as references, and
 * the name, description and scheduled time). It reaches the functions as JSON in their environment.
 */
export interface KnownTaskTemplate {
  readonly id: string;
  readonly fields: readonly KnownTemplateField[];
}

/** The part of a template definition requests are checked against. */
export function knownTaskTemplate(id: string, template: TaskTemplateDefinition): KnownTaskTemplate {
  return {
    id,
    fields: template.fields
      .filter((f) => REFERENCE_TYPE_OF_FIELD[f.type] !== undefined || REQUEST_MEMBER_OF_FIELD[f.type] !== undefined)
      .map((f) => ({
        name: f.name,
        type: f.type,
        ...(f.required && f.defaultValue === undefined && { required: true }),
        ...(f.type === 'SINGLE_SELECT' && { options: f.options ?? [] }),
      })),
  };
}
