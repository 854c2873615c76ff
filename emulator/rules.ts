/**
 * StartTaskContact's rules beyond the model's shapes, written from the StartTaskContact API
 * reference (not from the handler's validator, which they cross-check). Each returns messages
 * in Connect's style; Connect answers them with InvalidRequestException.
 */

export const TARGET_MEMBERS = ['ContactFlowId', 'TaskTemplateId', 'QuickConnectId'] as const;

/** The StartTaskContact input members the rules read, after the model's shape check. */
export interface StartTaskInput {
  readonly [member: string]: unknown;
  readonly Attributes?: Record<string, string>;
  readonly ClientToken?: string;
  readonly References?: Record<string, { readonly Type: string; readonly Value?: string }>;
  readonly ScheduledTime?: number;
  readonly SegmentAttributes?: Record<string, Record<string, unknown>>;
}

type References = NonNullable<StartTaskInput['References']>;

export interface ScheduleWindow {
  readonly now: number;
  readonly maxScheduleAheadSeconds: number;
}

/** Attribute keys Connect accepts on tasks. */
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;
const ATTRIBUTES_MAX_BYTES = 32_768;
const REFERENCES_MAX_BYTES = 4_096;
const SYSTEM_SEGMENT_PREFIX = 'connect:';
/** The system segment attributes the StartTaskContact API reference lists: the expiry and the creating agent. */
const CONTACT_EXPIRY = 'connect:ContactExpiry';
const TASK_SYSTEM_KEYS = [CONTACT_EXPIRY, 'connect:CreatedByUser'];
/** A task expires after 7 days by default, configurable up to 90 days (Amazon Connect Administrator Guide). */
const MAX_EXPIRY_MINUTES = 90 * 24 * 60;
/** A schedule that lands this much in the past was "now" when the caller sent it: clocks and transit differ. */
const CLOCK_SKEW_SECONDS = 5;

const REFERENCE_VALUES: Record<string, (value: string) => boolean> = {
  URL: (v) => URL.canParse(v) && ['http:', 'https:'].includes(new URL(v).protocol),
  NUMBER: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  EMAIL: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
  DATE: (v) => /^\d+$/.test(v),
  STRING: () => true,
};

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function startTaskRuleViolations(input: StartTaskInput, window: ScheduleWindow): string[] {
  return [
    ...routingViolations(input),
    ...attributeViolations(input.Attributes ?? {}),
    ...referenceViolations(input.References ?? {}),
    ...scheduleViolations(input.ScheduledTime, window),
    ...segmentAttributeViolations(input.SegmentAttributes ?? {}),
  ];
}

function routingViolations(input: StartTaskInput): string[] {
  const named = TARGET_MEMBERS.filter((m) => input[m] !== undefined);
  return named.length === 1 ? [] : [`Specify exactly one of ContactFlowId, QuickConnectId or TaskTemplateId; got ${named.length}.`];
}

export function attributeViolations(attributes: Record<string, string>): string[] {
  const badKeys = Object.keys(attributes).filter((k) => !ATTRIBUTE_KEY.test(k));
  const bytes = Object.entries(attributes).reduce((sum, [k, v]) => sum + utf8Bytes(k) + utf8Bytes(v), 0);
  return [
    ...(badKeys.length > 0 ? ['Attribute keys may contain only alphanumeric characters, hyphens and underscores.'] : []),
    ...(bytes > ATTRIBUTES_MAX_BYTES ? [`Attributes total ${bytes} bytes; the limit is ${ATTRIBUTES_MAX_BYTES}.`] : []),
  ];
}

/** The types and values of `references`, and the byte total of `all` the contact would carry. */
export function referenceViolations(references: References, all: References = references): string[] {
  const violations: string[] = [];
  for (const [key, { Type, Value }] of Object.entries(references)) {
    const validValue = REFERENCE_VALUES[Type];
    if (!validValue) violations.push(`Reference type ${Type} cannot be set on a task.`);
    else if (Value === undefined || !validValue(Value)) violations.push(`Reference ${key} has no valid ${Type} value.`);
  }
  const bytes = Object.entries(all).reduce((sum, [k, r]) => sum + utf8Bytes(k) + utf8Bytes(r.Value ?? ''), 0);
  if (bytes > REFERENCES_MAX_BYTES) violations.push(`References total ${bytes} bytes; the limit is ${REFERENCES_MAX_BYTES}.`);
  return violations;
}

/** The schedule window, shared by StartTaskContact and UpdateContactSchedule. */
export function scheduleViolations(scheduledTime: number | undefined, window: ScheduleWindow): string[] {
  if (scheduledTime === undefined) return [];
  const at = scheduledTime * 1000;
  if (at < window.now - CLOCK_SKEW_SECONDS * 1000) return ['ScheduledTime cannot be in the past.'];
  if (at > window.now + window.maxScheduleAheadSeconds * 1000) {
    return [`ScheduledTime must be within ${window.maxScheduleAheadSeconds} seconds from now.`];
  }
  return [];
}

function segmentAttributeViolations(segmentAttributes: Record<string, Record<string, unknown>>): string[] {
  return Object.entries(segmentAttributes).flatMap(([key, value]) => {
    if (!key.startsWith(SYSTEM_SEGMENT_PREFIX)) {
      return value.ValueList !== undefined || value.ValueArn !== undefined
        ? [`Segment attribute ${key}: ValueList and ValueArn are allowed only on system-defined (connect:) keys.`]
        : [];
    }
    if (!TASK_SYSTEM_KEYS.includes(key)) return [`Segment attribute ${key} is not a system-defined attribute of tasks.`];
    if (key !== CONTACT_EXPIRY) return [];
    const minutes = (value.ValueMap as { ExpiryDuration?: { ValueInteger?: number } } | undefined)?.ExpiryDuration?.ValueInteger;
    return minutes !== undefined && minutes >= 1 && minutes <= MAX_EXPIRY_MINUTES
      ? []
      : [`${CONTACT_EXPIRY} must set ExpiryDuration to 1 to ${MAX_EXPIRY_MINUTES} minutes.`];
  });
}
