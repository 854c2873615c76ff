import Ajv from 'ajv';
import type { StructurallyValidTaskRequest } from './rules';
import { TASK_REQUEST_SCHEMA } from './schema';
import { TASK_UPDATE_SCHEMA } from './update';

/**
 * How the task request schemas are compiled: here at run time, or ahead of time into the handler
 * bundles. Patterns run without the `u` flag, as API Gateway's validator runs them (ECMAScript 3
 * in Rhino or Nashorn), so a pattern means the same to both.
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, unicodeRegExp: false } as const;

/** The compiled schemas, by the name of the validator each becomes. */
export const TASK_REQUEST_SCHEMAS = {
  validateStructure: TASK_REQUEST_SCHEMA,
  // The same schema with no required field: checks fragments of a request (a target id, a prop).
  validateFragment: { ...TASK_REQUEST_SCHEMA, required: [] },
  validateUpdate: TASK_UPDATE_SCHEMA,
};

// Compiled once per process, when the library loads for a synth. The handler bundles replace
// this module with validators generated from the same schemas when they are built.
const ajv = new Ajv(AJV_OPTIONS);
export const validateStructure = ajv.compile<StructurallyValidTaskRequest>(TASK_REQUEST_SCHEMAS.validateStructure);
export const validateFragment = ajv.compile(TASK_REQUEST_SCHEMAS.validateFragment);
export const validateUpdate = ajv.compile<StructurallyValidTaskRequest>(TASK_REQUEST_SCHEMAS.validateUpdate);
