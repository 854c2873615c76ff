import { TASK_REQUEST_SCHEMA } from './schema';

/**
 * The fields `PATCH /tasks/{contactId}` may change: the task request's own fields, with the same
 * schema and the same rules, in the order they are applied (the schedule first: it is the change
 * a task that starts meanwhile refuses).
 */
export const TASK_UPDATE_FIELDS = ['ScheduledTime', 'Name', 'Description', 'References', 'Attributes'] as const;
export type TaskUpdateField = (typeof TASK_UPDATE_FIELDS)[number];

const TITLE = 'UpdateTaskRequest';

/** The structural JSON Schema of a `PATCH /tasks/{contactId}` body: at least one field to change. */
export const TASK_UPDATE_SCHEMA = /* @__PURE__ */ updateSchema();

// A function marked pure rather than a literal that reads TASK_REQUEST_SCHEMA's properties, which
// a bundler must keep: the handlers that never validate an update then leave it out.
function updateSchema() {
  const fields = TASK_REQUEST_SCHEMA.properties;
  return {
    title: TITLE,
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      ScheduledTime: fields.ScheduledTime,
      Name: fields.Name,
      Description: fields.Description,
      References: fields.References,
      Attributes: fields.Attributes,
    },
  } as const satisfies { readonly [keyword: string]: unknown; readonly properties: Record<TaskUpdateField, unknown> };
}

/**
 * The request model API Gateway checks a `PATCH` body against: only that it is a JSON object.
 * The validator's messages quote the values they reject, so the function checks the rest and
 * its 400 names each field at fault.
 */
export const TASK_UPDATE_GATEWAY_MODEL = { title: TITLE, type: 'object' } as const;
