import type { DefinedError, ErrorObject } from 'ajv';
import { TARGET_FIELDS } from './limits';
import {
  checkByteTotals,
  checkRules,
  checkUpdateRules,
  escapePointer,
  type SchedulePolicy,
  type StructurallyValidTaskRequest,
  type TaskRequestPolicy,
  unescapePointer,
} from './rules';
import { EPOCH_SECONDS_RANGE, TASK_REQUEST_SCHEMA } from './schema';
import { checkText, mayHoldDamagedText } from './text';
import { TASK_UPDATE_FIELDS, TASK_UPDATE_SCHEMA } from './update';
import { validateFragment, validateStructure, validateUpdate } from './validators';
import type { Violation } from './violation';

export type TaskRequestValidation =
  { readonly valid: true; readonly request: StructurallyValidTaskRequest } | { readonly valid: false; readonly violations: Violation[] };

/**
 * Checks a task request body against every rule enforced before Connect is called. Text that is
 * not valid Unicode is reported first, and alone: any other message would be about damaged text.
 * Then the byte totals, before any key or value is judged on its own (a map over its total is
 * not judged further), the structural schema, and the rules a schema cannot express. Every broken
 * rule is reported. `source`, the JSON text the body was parsed from, spares the walk for damaged
 * text when one scan of the text shows there is none.
 */
export function validateTaskRequest(body: unknown, policy: TaskRequestPolicy, source?: string): TaskRequestValidation {
  return validateBody(body, source, validateStructure, TASK_REQUEST_SCHEMA, (checkable) => checkRules(checkable, policy));
}

/**
 * Checks a `PATCH /tasks/{contactId}` body: at least one field to change, and each field it
 * carries by the same schema and rules as when a task is created.
 */
export function validateTaskUpdate(body: unknown, policy: SchedulePolicy, source?: string): TaskRequestValidation {
  return validateBody(body, source, validateUpdate, TASK_UPDATE_SCHEMA, (checkable) => checkUpdateRules(checkable, policy));
}

function validateBody(
  body: unknown,
  source: string | undefined,
  validator: typeof validateStructure,
  /** The schema `validator` was compiled from: what its errors' `schemaPath` points into. */
  schema: object,
  rules: (checkable: StructurallyValidTaskRequest) => Violation[],
): TaskRequestValidation {
  if (source === undefined || mayHoldDamagedText(source)) {
    const damaged = checkText(body);
    if (damaged.length > 0) return { valid: false, violations: damaged };
  }
  const violations: Violation[] = [];
  let judged: unknown = body;
  if (isObject(body)) {
    const totals = checkByteTotals(body);
    violations.push(...totals.violations);
    // Emptied rather than removed, so an update that sent only an oversized map is not also told to send something.
    if (totals.oversized.length > 0) judged = { ...body, ...Object.fromEntries(totals.oversized.map((field) => [field, {}])) };
  }
  let checkable: unknown = judged;
  if (!validator(judged)) {
    const errors = validator.errors ?? [];
    violations.push(...describeAll(errors, schema, judged));
    checkable = withoutBrokenFields(judged, errors);
  }
  if (isObject(checkable)) {
    violations.push(...rules(checkable));
  }
  return violations.length === 0 ? { valid: true, request: body as StructurallyValidTaskRequest } : { valid: false, violations };
}

/** The body without some of its top-level fields. */
function without(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const rest = { ...body };
  for (const field of fields) delete rest[field];
  return rest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body without the top-level fields the schema rejected, so the code rules can still run
 * (and report) on the rest. Routing fields stay: the routing rule reads only their presence.
 */
function withoutBrokenFields(body: unknown, errors: ErrorObject[]): unknown {
  if (!isObject(body)) return undefined;
  const broken = new Set<string>();
  for (const { instancePath } of errors) {
    // The top-level field of the path: the schema's own field names need no unescaping.
    const end = instancePath.indexOf('/', 1);
    if (instancePath !== '') broken.add(end < 0 ? instancePath.slice(1) : instancePath.slice(1, end));
  }
  return without(
    body,
    [...broken].filter((field) => !(TARGET_FIELDS as readonly string[]).includes(field)),
  );
}

/**
 * Ajv's errors about `judged`, validated against `schema`, as violations; an object's allowed
 * fields are listed once, at its first unknown field.
 */
function describeAll(errors: readonly ErrorObject[], schema: object, judged: unknown): Violation[] {
  const listed = new Set<string>();
  return errors.map((error) => describe(error, schema, judged, listed));
}

type ParentSchema = { readonly patternProperties?: object; readonly properties?: object };

/** Each schema's parent objects by schema path, found once: the same few paths recur in every rejected request. */
const parentSchemas = new WeakMap<object, Map<string, ParentSchema>>();

/**
 * The schema object that holds the keyword an error is about: the error's `schemaPath` (a URI
 * fragment of JSON Pointer segments into `schema`, e.g. `#/properties/Attributes/additionalProperties`)
 * without its last segment, the keyword. Ajv runs without `verbose`, which would put this object
 * (and the schema and data) in every error it reports, and makes the generated validators over
 * a third larger.
 */
function parentSchema(schema: object, schemaPath: string): ParentSchema {
  let parents = parentSchemas.get(schema);
  if (!parents) parentSchemas.set(schema, (parents = new Map<string, ParentSchema>()));
  let parent = parents.get(schemaPath);
  if (!parent) {
    let node: unknown = schema;
    for (const segment of schemaPath.split('/').slice(1, -1)) {
      node = isObject(node) ? node[unescapePointer(decodeURIComponent(segment))] : undefined;
    }
    parent = isObject(node) ? node : {};
    parents.set(schemaPath, parent);
  }
  return parent;
}

/** Turns an Ajv error into a message that names the fix and never quotes the rejected value. */
function describe(anyError: ErrorObject, schema: object, judged: unknown, listed: Set<string>): Violation {
  // Ajv types its errors by keyword only as DefinedError; its own docs narrow them this way.
  const error = anyError as DefinedError;
  const { instancePath } = error;
  if (instancePath === '/ScheduledTime') {
    return { path: instancePath, message: scheduledTimeMessage(error.keyword, isObject(judged) ? judged.ScheduledTime : undefined) };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = error.params.additionalProperty;
      const path = `${instancePath}/${escapePointer(field)}`;
      if (instancePath === '' && field === 'InstanceId') {
        return { path, message: 'InstanceId is fixed by the deployment; remove it from the body' };
      }
      const { patternProperties = {}, properties = {} } = parentSchema(schema, error.schemaPath);
      const patterns = Object.keys(patternProperties);
      if (patterns.length > 0) return { path, message: `key must match ${patterns.join(' or ')}` };
      if (listed.has(instancePath)) return { path, message: 'unknown field' };
      listed.add(instancePath);
      return {
        path,
        message: `unknown field; the fields allowed here are ${Object.keys(properties).join(', ')}`,
      };
    }
    case 'required':
      return { path: `${instancePath}/${error.params.missingProperty}`, message: 'is required' };
    case 'minProperties':
      // At the top, only an update body has a lower bound: it must change something.
      return instancePath === ''
        ? { path: instancePath, message: `send at least one of ${TASK_UPDATE_FIELDS.join(', ')}` }
        : { path: instancePath, message: error.message ?? error.keyword };
    case 'enum':
      return { path: instancePath, message: `must be one of ${(error.params.allowedValues as string[]).join(', ')}` };
    case 'pattern':
      return { path: instancePath, message: patternMessage(instancePath, error.params.pattern) };
    default:
      return { path: instancePath, message: error.message ?? error.keyword };
  }
}

function patternMessage(path: string, pattern: string): string {
  if (path.endsWith('/S3Url')) return 'must be an https URL';
  return `must match ${pattern}`;
}

const SCHEDULED_TIME_FORMS =
  'an RFC 3339 date-time with an offset, e.g. 2026-12-01T09:00:00Z or 2026-12-01T10:00:00.250+01:00, or epoch seconds as a JSON number';
/** A date-time that lacks only its offset. */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** What is wrong with the shape of a ScheduledTime, from the value Ajv judged (which is never quoted back). */
function scheduledTimeMessage(keyword: string, data: unknown): string {
  if (typeof data === 'number') {
    return Number.isFinite(data)
      ? `epoch seconds must lie between ${EPOCH_SECONDS_RANGE.minimum} and ${EPOCH_SECONDS_RANGE.maximum} (years 0001 to 9999)`
      : 'must be a finite number of epoch seconds';
  }
  if (keyword === 'pattern' && typeof data === 'string' && WITHOUT_OFFSET.test(data)) {
    return 'has no offset: end it with Z (UTC) or ±hh:mm, e.g. 2026-12-01T09:00:00Z, so it names one instant';
  }
  return `must be ${SCHEDULED_TIME_FORMS}`;
}

/** Structural violations of a partial task request, e.g. `{ ContactFlowId: id }`. */
export function validateTaskFields(fields: Record<string, unknown>): Violation[] {
  return validateFragment(fields) ? [] : describeAll(validateFragment.errors ?? [], TASK_REQUEST_SCHEMA, fields);
}
