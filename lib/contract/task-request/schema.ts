import { CREATABLE_REFERENCE_TYPES, SYSTEM_SEGMENT_ATTRIBUTE_PREFIX, TASK_LIMITS as L } from './limits';

/**
 * The structural JSON Schema of a `POST /tasks` body: the StartTaskContact request without
 * `InstanceId`. It is the one source for both the API Gateway request model and the handler's
 * validator, so it keeps to the keywords JSON Schema draft 4 (API Gateway's dialect) shares with
 * later drafts: no `const`, `if`/`then`, `propertyNames` or numeric `exclusiveMinimum`.
 *
 * What a schema cannot say (byte totals, the schedule window, one routing target, per-type
 * reference values) is checked in `rules.ts`.
 */

/** ISO-8601 date-time with an explicit offset (`Z` or `±hh:mm`) and whole seconds. */
export const ISO_DATE_TIME_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$';

const id = (maxLength?: number) => ({ type: 'string', minLength: 1, ...(maxLength ? { maxLength } : {}) });

const segmentScalarValue = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    ValueString: { type: 'string', maxLength: L.segmentAttributeStringMaxLength },
    ValueInteger: { type: 'integer' },
    ValueArn: { type: 'string', maxLength: L.segmentAttributeStringMaxLength },
  },
};

/** Segment attribute names: 1–128 characters of letters, digits, `-` and `_`, or a `connect:` system key. */
export const SEGMENT_ATTRIBUTE_NAME = `^(?=.{1,${L.segmentAttributeNameMaxLength}}$)(${SYSTEM_SEGMENT_ATTRIBUTE_PREFIX})?[A-Za-z0-9_-]+$`;

/**
 * A segment attribute value. Nesting is one level deep (a map or list of scalar values), which
 * covers Connect's system attributes such as `connect:ContactExpiry`; draft 4 models in API
 * Gateway cannot refer to themselves.
 */
const segmentValue = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    ...segmentScalarValue.properties,
    ValueList: { type: 'array', items: segmentScalarValue },
    ValueMap: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { [SEGMENT_ATTRIBUTE_NAME]: segmentScalarValue },
    },
  },
};

export const TASK_REQUEST_SCHEMA = {
  title: 'StartTaskRequest',
  type: 'object',
  required: ['Name'],
  additionalProperties: false,
  properties: {
    Name: { type: 'string', minLength: 1, maxLength: L.nameMaxLength },
    Description: { type: 'string', maxLength: L.descriptionMaxLength },
    ContactFlowId: id(L.targetIdMaxLength),
    TaskTemplateId: id(L.targetIdMaxLength),
    QuickConnectId: id(),
    PreviousContactId: id(L.contactIdMaxLength),
    RelatedContactId: id(L.contactIdMaxLength),
    ClientToken: { type: 'string', minLength: 1, maxLength: L.clientTokenMaxLength },
    ScheduledTime: { type: ['string', 'integer'], pattern: ISO_DATE_TIME_WITH_OFFSET },
    Attributes: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { '^[A-Za-z0-9_-]+$': { type: 'string' } },
    },
    References: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        [`^[\\s\\S]{1,${L.referenceKeyMaxLength}}$`]: {
          type: 'object',
          required: ['Type', 'Value'],
          additionalProperties: false,
          properties: {
            Type: { type: 'string', enum: [...CREATABLE_REFERENCE_TYPES] },
            Value: { type: 'string', maxLength: L.referenceValueMaxLength },
          },
        },
      },
    },
    SegmentAttributes: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { [SEGMENT_ATTRIBUTE_NAME]: segmentValue },
    },
    Attachments: {
      type: 'array',
      minItems: L.attachmentsMinItems,
      maxItems: L.attachmentsMaxItems,
      items: {
        type: 'object',
        required: ['FileName', 'S3Url'],
        additionalProperties: false,
        properties: {
          // No control characters (Unicode category C), as Connect's FileName pattern says.
          FileName: { type: 'string', minLength: 1, maxLength: L.attachmentFileNameMaxLength, pattern: '^\\P{C}+$' },
          S3Url: { type: 'string', minLength: 1, maxLength: L.attachmentUrlMaxLength, pattern: '^https://' },
        },
      },
    },
  },
} as const;
