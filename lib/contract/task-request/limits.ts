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
  referenceKeyMaxLength: 4096,
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
} as const;

/** Reference types a task may carry when it is created; ATTACHMENT and the email types are not. */
export const CREATABLE_REFERENCE_TYPES = ['URL', 'NUMBER', 'STRING', 'DATE', 'EMAIL'] as const;

/** The three ways to route a task; a request names at most one. */
export const TARGET_FIELDS = ['ContactFlowId', 'TaskTemplateId', 'QuickConnectId'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

/** Prefix of Connect's system-defined segment attribute keys, e.g. `connect:ContactExpiry`. */
export const SYSTEM_SEGMENT_ATTRIBUTE_PREFIX = 'connect:';
