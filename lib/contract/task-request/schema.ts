import { CREATABLE_REFERENCE_TYPES, SYSTEM_SEGMENT_ATTRIBUTE_PREFIX, TASK_LIMITS as L } from './limits';

/**
 * The structural JSON Schema of a `POST /tasks` body: the StartTaskContact request without
 * `InstanceId`. It is the one source of the handler's validator and of the API Gateway request
 * model, and it means the same in both dialects:
 *
 * - keywords of JSON Schema draft 4 (API Gateway's validator, java-json-tools) that later drafts
 *   read alike: no `const`, `if`/`then`, `propertyNames` or numeric `exclusiveMinimum`;
 * - every `pattern` is an ECMAScript 3 regular expression without flags, which is how API
 *   Gateway's validator runs it (in Rhino or Nashorn) and how the handler's Ajv is told to run it
 *   (`unicodeRegExp: false`): no `\p{…}` classes, and `.` or `[…]` match one UTF-16 code unit;
 * - numbers keep within bounds both can read: the validator reads `1.0` as a non-integer and
 *   `1e400` as a finite number.
 *
 * What this cannot say (byte totals, code-point classes, the schedule window, one routing
 * target, per-type reference values) is checked in `rules.ts`.
 */

/** RFC 3339 date-time: an explicit offset (`Z` or `±hh:mm`), fractional seconds allowed. */
export const RFC_3339_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

/** Epoch seconds of the instants an RFC 3339 date-time can name: years 0001 to 9999. */
export const EPOCH_SECONDS_RANGE = { minimum: -62_135_596_800, maximum: 253_402_300_799 } as const;

/** An `integer` of the Connect model: 32 bits, and `60.0` counts (draft 4's `integer` would refuse it). */
const int32 = { type: 'number', multipleOf: 1, minimum: -(2 ** 31), maximum: 2 ** 31 - 1 } as const;

const id = (maxLength?: number) => ({ type: 'string', minLength: 1, ...(maxLength ? { maxLength } : {}) });

const segmentScalarValue = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    ValueString: { type: 'string', maxLength: L.segmentAttributeStringMaxLength },
    ValueInteger: int32,
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
    // A date-time string, or epoch seconds as any JSON number: the SDKs send fractions.
    ScheduledTime: { type: ['string', 'number'], pattern: RFC_3339_DATE_TIME, ...EPOCH_SECONDS_RANGE },
    Attributes: {
      type: 'object',
      additionalProperties: false,
      patternProperties: { '^[A-Za-z0-9_-]+$': { type: 'string' } },
    },
    References: {
      type: 'object',
      // Any name: an empty one is refused in rules.ts, and the byte total bounds its length.
      additionalProperties: {
        type: 'object',
        required: ['Type', 'Value'],
        additionalProperties: false,
        properties: {
          Type: { type: 'string', enum: [...CREATABLE_REFERENCE_TYPES] },
          Value: { type: 'string', maxLength: L.referenceValueMaxLength },
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
          // Connect's "no character of category C" is a code-point class: rules.ts checks it.
          FileName: { type: 'string', minLength: 1, maxLength: L.attachmentFileNameMaxLength },
          S3Url: { type: 'string', minLength: 1, maxLength: L.attachmentUrlMaxLength, pattern: '^https://' },
        },
      },
    },
  },
} as const;

/**
 * The request model API Gateway checks a `POST /tasks` body against before the function runs:
 * only that it is a JSON object. The validator's messages quote the values they reject, so a
 * gateway answer could never say which field is wrong without echoing a name or a description;
 * the function checks everything else, and its 400 names each field at fault.
 */
export const TASK_REQUEST_GATEWAY_MODEL = { title: TASK_REQUEST_SCHEMA.title, type: TASK_REQUEST_SCHEMA.type } as const;
