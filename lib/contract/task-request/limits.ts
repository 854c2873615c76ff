/**
 * Limits of Amazon Connect's StartTaskContact, taken from the Connect service model
 * (API version 2017-08-08) and the StartTaskContact API reference. Every check in this
 * folder reads its numbers from here.
 */
export const TASK_LIMITS = {
  nameMaxLength: 1024,
  descriptionMaxLength: 4096,
  /** ContactFlowId and TaskTemplateId shapes. */
  targetIdMaxLength: 500,
  /** ContactId shape, used by PreviousContactId and RelatedContactId. */
  contactIdMaxLength: 256,
  clientTokenMaxLength: 500,
  /** All attribute keys and values together, in UTF-8 bytes. */
  attributesMaxBytes: 32_768,
  /** All reference keys and values together, in UTF-8 bytes. */
  referencesMaxBytes: 4_096,
  referenceValueMaxLength: 4096,
  attachmentsMinItems: 1,
  attachmentsMaxItems: 5,
  attachmentFileNameMaxLength: 256,
  attachmentUrlMaxLength: 2000,
  segmentAttributeNameMaxLength: 128,
  segmentAttributeStringMaxLength: 1024,
  /** How far ahead a task may be scheduled by default (Connect's documented window). */
  defaultMaxScheduleAheadSeconds: 6 * 24 * 60 * 60,
  /** The whole HTTP body, in bytes. */
  bodyMaxBytes: 256 * 1024,
  /**
   * How deeply the body's JSON may nest. The deepest valid request nests 7 levels (a ValueList
   * item inside a ValueMap of a segment attribute); deeper bodies are refused before they are
   * parsed, because parsing a deep one costs more than judging any valid one.
   */
  bodyMaxNesting: 16,
  /**
   * How many object keys the body may hold in all. Parsing and judging a body costs a few
   * microseconds a key, so this bound keeps any body cheap to judge (see `npm run bench`). A
   * request at Connect's limits holds far fewer: 32 KB of attributes with keys and values of a
   * usual length are one or two thousand keys.
   */
  bodyMaxKeys: 5_000,
} as const;

/** Reference types a task may carry when it is created; ATTACHMENT and the email types are not. */
export const CREATABLE_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL'] as const;

/** The three ways to route a task; a request names at most one. */
export const TARGET_FIELDS = ['ContactFlowId', 'TaskTemplateId', 'QuickConnectId'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** Prefix of Connect's system-defined segment attribute keys, e.g. `connect:ContactExpiry`. */
export const SYSTEM_SEGMENT_ATTRIBUTE_PREFIX = 'connect:';

/**
 * The system-defined segment attributes StartTaskContact accepts, as its API reference lists them
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_StartTaskContact.html, member
 * `SegmentAttributes`): the task's expiry, and the agent who created it.
 */
export const TASK_SYSTEM_SEGMENT_ATTRIBUTES = {
  /** `{"ValueMap": {"ExpiryDuration": {"ValueInteger": minutes}}}` */
  contactExpiry: 'connect:ContactExpiry',
  /** `{"ValueString": "<agent ARN>"}` */
  createdByUser: 'connect:CreatedByUser',
} as const;

/**
 * How long a task may wait before Connect expires it, in whole minutes: at least one, at most
 * 90 days ("The default is 7 days and task expiry is configurable up to 90 days", Amazon Connect
 * Administrator Guide, flow block "Set disconnect flow").
 */
export const CONTACT_EXPIRY_MINUTES = { min: 1, max: 90 * 24 * 60 } as const;
