import { referenceValueProblem } from '../task-request/rules';
import { BOOLEAN_FIELD_VALUES, REFERENCE_TYPE_OF_FIELD, TEXT_FIELD_MAX_LENGTH, type TaskTemplateFieldTypeName } from './field-types';
import { SINGLE_SELECT_OPTION, TASK_TEMPLATE_LIMITS as L } from './limits';

/** One field of a task template as it is declared. */
export interface TaskTemplateFieldDefinition {
  readonly name: string;
  readonly type: TaskTemplateFieldTypeName;
  readonly description?: string;
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly invisible: boolean;
  readonly defaultValue?: string;
  /** A single select's options. */
  readonly options?: readonly string[];
}

/** A task template as it is declared: what CreateTaskTemplate would be sent. */
export interface TaskTemplateDefinition {
  readonly name: string;
  readonly description?: string;
  /** Whether the template names a contact flow. */
  readonly hasContactFlow: boolean;
  readonly fields: readonly TaskTemplateFieldDefinition[];
}

/** One broken rule of a template definition: where (`name`, `fields[2]`, …) and what to fix. */
export interface TemplateProblem {
  readonly where: string;
  readonly message: string;
}

/**
 * Every rule Amazon Connect enforces on a template definition that can be judged before it is
 * sent; each rule says which document states it. `known` tells whether a value is known now
 * (a CDK token is not): unknown values are left to Connect.
 */
export function checkTaskTemplateDefinition(
  template: TaskTemplateDefinition,
  known: (value: string) => boolean = () => true,
): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const add = (where: string, message: string) => problems.push({ where, message });
  const length = (where: string, value: string | undefined, max: number, what: string) => {
    // The model's minimum of 1 (an empty string is refused) and its maximum.
    if (value === undefined || !known(value)) return;
    if (value.length === 0) add(where, `${what} is empty; give it text or leave it out`);
    else if (value.length > max) add(where, `${what} has ${value.length} characters; the limit is ${max}`);
  };
  length('name', template.name, L.nameMaxLength, 'the template name');
  length('description', template.description, L.descriptionMaxLength, 'the template description');

  // Fields: at most 50 (AWS::Connect::TaskTemplate resource schema).
  if (template.fields.length > L.fieldsMaxItems) {
    add('fields', `${template.fields.length} fields; a template has at most ${L.fieldsMaxItems}`);
  }

  // "A template requires at least one field that has type Name" (AWS::Connect::TaskTemplate, Fields);
  // a second would be a second task name. It must be required: the task's Name is required by
  // StartTaskContact (the service model), and the NAME field is where an agent fills it in.
  const nameFields = template.fields.filter((f) => f.type === 'NAME');
  if (nameFields.length === 0) add('fields', 'has no NAME field; add TaskTemplateField.name({ required: true })');
  if (nameFields.length > 1) add('fields', `has ${nameFields.length} NAME fields; keep exactly one`);
  for (const f of nameFields) {
    if (!f.required) add(fieldWhere(template, f), 'the NAME field must be required; pass { required: true }');
  }

  // "ContactFlowArn is not required when there is a field with fieldType = QUICK_CONNECT"
  // (AWS::Connect::TaskTemplate, ContactFlowArn): otherwise a task made from it has no flow to run.
  if (!template.hasContactFlow && !template.fields.some((f) => f.type === 'QUICK_CONNECT')) {
    add(
      'contactFlow',
      'the template has neither a contact flow nor a QUICK_CONNECT field; set contactFlow or add TaskTemplateField.quickConnect()',
    );
  }

  // A field is identified by its name (the model's TaskTemplateFieldIdentifier), which constraints,
  // defaults and a task's references use: names are unique (PropertyValidationException reason
  // UNIQUE_CONSTRAINT_VIOLATED).
  const seen = new Set<string>();
  for (const f of template.fields) {
    if (!known(f.name)) continue;
    if (seen.has(f.name)) add(fieldWhere(template, f), `another field is also named "${f.name}"; give each field its own name`);
    seen.add(f.name);
  }

  for (const f of template.fields) checkField(fieldWhere(template, f), f, known, add);
  return problems;
}

function fieldWhere(template: TaskTemplateDefinition, field: TaskTemplateFieldDefinition): string {
  return `fields[${template.fields.indexOf(field)}] (${field.type} "${field.name}")`;
}

function checkField(
  where: string,
  field: TaskTemplateFieldDefinition,
  known: (value: string) => boolean,
  add: (where: string, message: string) => void,
): void {
  const length = (value: string | undefined, max: number, what: string) => {
    if (value === undefined || !known(value)) return;
    if (value.length === 0) add(where, `${what} is empty`);
    else if (value.length > max) add(where, `${what} has ${value.length} characters; the limit is ${max}`);
  };
  length(field.name, L.fieldNameMaxLength, 'the field name');
  length(field.description, L.fieldDescriptionMaxLength, 'the field description');

  if (field.type === 'SINGLE_SELECT') checkOptions(field.options ?? [], known, (message) => add(where, message));

  const value = field.defaultValue;
  if (value === undefined || !known(value)) return;
  // A default is a TaskTemplateFieldValue: 1 (resource schema) to 4096 (service model) characters.
  if (value.length === 0 || value.length > L.defaultValueMaxLength) {
    add(where, `the default has ${value.length} characters; give 1 to ${L.defaultValueMaxLength}, or no default`);
    return;
  }
  const problem = defaultValueProblem(field, value);
  if (problem) add(where, `the default must be ${problem}`);
}

/**
 * A single select offers at least one option (a select without options cannot be filled in), at
 * most 50, each matching the resource schema's FieldOption and 1–100 characters, none twice.
 */
function checkOptions(options: readonly string[], known: (value: string) => boolean, add: (message: string) => void): void {
  if (options.length === 0) add('a single select needs at least one option');
  if (options.length > L.optionsMaxItems) add(`${options.length} options; a single select has at most ${L.optionsMaxItems}`);
  const seen = new Set<string>();
  options.forEach((option, i) => {
    if (!known(option)) return;
    if (option.length === 0 || option.length > L.optionMaxLength) {
      add(`option ${i} has ${option.length} characters; give 1 to ${L.optionMaxLength}`);
    } else if (!SINGLE_SELECT_OPTION.test(option)) {
      add(`option "${option}" may hold only letters, digits, spaces and _ . , - and must start with a letter or digit`);
    }
    if (seen.has(option)) add(`option "${option}" is listed twice`);
    seen.add(option);
  });
}

/**
 * What a field's default must be, when it is not: the default becomes the value a task carries,
 * so it obeys the field's rules (`fieldValueProblem`) and its reference type's.
 */
export function defaultValueProblem(field: Pick<TaskTemplateFieldDefinition, 'type' | 'options'>, value: string): string | undefined {
  const referenceType = REFERENCE_TYPE_OF_FIELD[field.type];
  const expected = referenceType && referenceValueProblem(referenceType, value);
  return fieldValueProblem(field, value) ?? (expected ? `${expected} for a ${field.type} field` : undefined);
}

/**
 * What a value of a template field must be beyond its reference type: TEXT and TEXT_AREA lengths
 * and BOOLEAN values (UpdateContactTaskTemplate API reference), a single select's options (ours).
 */
export function fieldValueProblem(field: Pick<TaskTemplateFieldDefinition, 'type' | 'options'>, value: string): string | undefined {
  const max = TEXT_FIELD_MAX_LENGTH[field.type];
  if (max !== undefined && value.length > max && codePoints(value) > max) return `at most ${max} characters for a ${field.type} field`;
  if (field.type === 'BOOLEAN' && !BOOLEAN_FIELD_VALUES.includes(value)) return 'true or false for a BOOLEAN field';
  if (field.type === 'SINGLE_SELECT' && !(field.options ?? []).includes(value)) {
    return `one of the field's options (${(field.options ?? []).join(', ')})`;
  }
  return undefined;
}

/** Characters as Connect counts them: a character outside the BMP is one, not two UTF-16 units. */
function codePoints(value: string): number {
  return Array.from(value).length;
}
