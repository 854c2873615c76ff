/**
 * The field types of a task template (the Connect service model's `TaskTemplateFieldType`, API
 * version 2017-08-08) and how a task carries each one's value.
 */
export const TASK_TEMPLATE_FIELD_TYPES = [
  'NAME',
  'DESCRIPTION',
  'SCHEDULED_TIME',
  'QUICK_CONNECT',
  'URL',
  'NUMBER',
  'TEXT',
  'TEXT_AREA',
  'DATE_TIME',
  'BOOLEAN',
  'SINGLE_SELECT',
  'EMAIL',
  'SELF_ASSIGN',
  'EXPIRY_DURATION',
] as const;
export type TaskTemplateFieldTypeName = (typeof TASK_TEMPLATE_FIELD_TYPES)[number];

/**
 * The reference type a task carries each custom field's value in, under the field's name, as
 * the UpdateContactTaskTemplate API reference maps them
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_UpdateContactTaskTemplate.html):
 * TEXT, TEXT_AREA, BOOLEAN and SINGLE_SELECT are STRING references, NUMBER a NUMBER, DATE_TIME a
 * DATE, URL a URL and EMAIL an EMAIL reference.
 */
export const REFERENCE_TYPE_OF_FIELD: Readonly<Partial<Record<TaskTemplateFieldTypeName, string>>> = {
  TEXT: 'STRING',
  TEXT_AREA: 'STRING',
  BOOLEAN: 'STRING',
  SINGLE_SELECT: 'STRING',
  NUMBER: 'NUMBER',
  DATE_TIME: 'DATE',
  URL: 'URL',
  EMAIL: 'EMAIL',
};

/** The StartTaskContact members that carry the system fields a request can fill in. */
export const REQUEST_MEMBER_OF_FIELD: Readonly<Partial<Record<TaskTemplateFieldTypeName, string>>> = {
  NAME: 'Name',
  DESCRIPTION: 'Description',
  SCHEDULED_TIME: 'ScheduledTime',
};

/**
 * The longest value of a text field, in characters: "References corresponding to TEXT fields must
 * be fewer than 512 characters. TEXT_AREA fields must be fewer than 4,096 characters"
 * (UpdateContactTaskTemplate API reference).
 */
export const TEXT_FIELD_MAX_LENGTH: Readonly<Partial<Record<TaskTemplateFieldTypeName, number>>> = {
  TEXT: 511,
  TEXT_AREA: 4095,
};

/** "BOOLEAN fields must have a value of true or false" (UpdateContactTaskTemplate API reference). */
export const BOOLEAN_FIELD_VALUES: readonly string[] = ['true', 'false'];
