/**
 * Limits of a task template's definition. Lengths are the Connect service model's
 * (`CreateTaskTemplate`: `TaskTemplateName` 1–100, `TaskTemplateDescription` 1–255,
 * `TaskTemplateFieldName` 1–100, `TaskTemplateFieldDescription` 1–255, `TaskTemplateSingleSelectOption`
 * 1–100, `TaskTemplateFieldValue` up to 4096); counts and the option pattern are the
 * `AWS::Connect::TaskTemplate` resource schema's (Fields, Defaults and each constraint list at most
 * 50 items, SingleSelectOptions at most 50, a default at least 1 character).
 */
export const TASK_TEMPLATE_LIMITS = {
  nameMaxLength: 100,
  descriptionMaxLength: 255,
  fieldsMaxItems: 50,
  fieldNameMaxLength: 100,
  fieldDescriptionMaxLength: 255,
  optionsMaxItems: 50,
  optionMaxLength: 100,
  defaultValueMaxLength: 4096,
} as const;

/**
 * A single select option (`FieldOption` of the `AWS::Connect::TaskTemplate` resource schema):
 * letters, digits, spaces and `_ . , -`, starting with a letter or digit and not ending in a space.
 * Judged only on options of at most 100 characters, so it never runs long.
 */
export const SINGLE_SELECT_OPTION = /^[A-Za-z0-9](?:[A-Za-z0-9_.,\s-]*[A-Za-z0-9_.,-])?$/;

/** A template's status (`TaskTemplateStatus`): tasks can be created only from an ACTIVE one. */
export const TASK_TEMPLATE_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
