import type { DefinedError, ErrorObject } from 'ajv';
import { TARGET_FIELDS } from './limits';
import { checkRules, escapePointer, type StructurallyValidTaskRequest, type TaskRequestPolicy } from './rules';
import { EPOCH_SECONDS_RANGE } from './schema';
import { checkText } from './text';
import { validateFragment, validateStructure } from './validators';
import type { Violation } from './violation';

export type TaskRequestValidation =
  { readonly valid: true; readonly request: StructurallyValidTaskRequest } | { readonly valid: false; readonly violations: Violation[] };

/**
 * Checks a task request body against every rule enforced before Connect is called: the
 * structural schema, then the rules a schema cannot express, then that every string is valid
 * Unicode text. Every broken rule is reported.
 */
export function validateTaskRequest(body: unknown, policy: TaskRequestPolicy): TaskRequestValidation {
  const violations: Violation[] = [];
  let checkable: unknown = body;
  if (!validateStructure(body)) {
    const errors = validateStructure.errors ?? [];
    violations.push(...describeAll(errors));
    checkable = withoutBrokenFields(body, errors);
  }
  if (isObject(checkable)) {
    violations.push(...checkRules(checkable, policy));
  }
  violations.push(...checkText(body));
  return violations.length === 0 ? { valid: true, request: body as StructurallyValidTaskRequest } : { valid: false, violations };
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
  const broken = new Set(errors.map((e) => e.instancePath.split('/')[1]).filter(Boolean));
  return Object.fromEntries(Object.entries(body).filter(([k]) => !broken.has(k) || (TARGET_FIELDS as readonly string[]).includes(k)));
}

/** Ajv's errors as violations; an object's allowed fields are listed once, at its first unknown field. */
function describeAll(errors: readonly ErrorObject[]): Violation[] {
  const listed = new Set<string>();
  return errors.map((error) => describe(error, listed));
}

/** Turns an Ajv error into a message that names the fix and never quotes the rejected value. */
function describe(anyError: ErrorObject, listed: Set<string>): Violation {
  // Ajv types its errors by keyword only as DefinedError; its own docs narrow them this way.
  const error = anyError as DefinedError;
  const { instancePath } = error;
  if (instancePath === '/ScheduledTime') return { path: instancePath, message: scheduledTimeMessage(error) };
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = error.params.additionalProperty;
      const path = `${instancePath}/${escapePointer(field)}`;
      if (instancePath === '' && field === 'InstanceId') {
        return { path, message: 'InstanceId is fixed by the deployment; remove it from the body' };
      }
      const { patternProperties = {}, properties = {} } = (error.parentSchema ?? {}) as { patternProperties?: object; properties?: object };
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

/** What is wrong with the shape of a ScheduledTime, from the value Ajv saw (which is never quoted back). */
function scheduledTimeMessage({ keyword, data }: ErrorObject): string {
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
  return validateFragment(fields) ? [] : describeAll(validateFragment.errors ?? []);
}
