import { isAgentArn } from '../connect-arns';
import {
  CONTACT_EXPIRY_MINUTES,
  SYSTEM_SEGMENT_ATTRIBUTE_PREFIX,
  TARGET_FIELDS,
  TASK_LIMITS as L,
  TASK_SYSTEM_SEGMENT_ATTRIBUTES,
} from './limits';
import type { Violation } from './violation';

/**
 * The rules of a task request that a JSON Schema cannot express. Each takes a body that already
 * passed the structural schema and returns the violations it finds; none echoes a value back,
 * because names, descriptions, attribute and reference values may be personal data.
 */

/** The window a `ScheduledTime` must lie in. */
export interface SchedulePolicy {
  /** How far ahead `ScheduledTime` may lie, in seconds. */
  readonly maxScheduleAheadSeconds: number;
  /** The clock the schedule window is measured from. */
  readonly now: Date;
}

export interface TaskRequestPolicy extends SchedulePolicy {
  /** Whether the deployment routes requests that name no target to a default one. */
  readonly hasDefaultTarget: boolean;
}

/** A body that passed the structural schema; only the fields the rules read are typed. */
export interface StructurallyValidTaskRequest {
  readonly [field: string]: unknown;
  readonly Attributes?: Record<string, string>;
  readonly References?: Record<string, { readonly Type: string; readonly Value: string }>;
  readonly ScheduledTime?: string | number;
  readonly SegmentAttributes?: Record<string, Record<string, unknown>>;
  readonly Attachments?: ReadonlyArray<{ readonly FileName: string; readonly S3Url: string }>;
}

/**
 * UTF-8 bytes of a string, counted in JavaScript: a request may hold tens of thousands of short
 * keys and values, and a native call per string costs more than counting their characters.
 */
export function utf8Length(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Two more bytes for U+0800 and above, one more from U+0080; a surrogate pair (4 bytes) is two units of 2.
    if (c >= 0x80) bytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

export function checkRouting(body: StructurallyValidTaskRequest, policy: TaskRequestPolicy): Violation[] {
  const named = TARGET_FIELDS.filter((f) => body[f] !== undefined);
  if (named.length > 1) {
    return [{ path: '', message: `name exactly one of ${TARGET_FIELDS.join(', ')}; this request names ${named.join(' and ')}` }];
  }
  if (named.length === 0 && !policy.hasDefaultTarget) {
    return [{ path: '', message: `name one of ${TARGET_FIELDS.join(', ')}: this endpoint has no default target` }];
  }
  return [];
}

/** The byte totals of a request's maps: Connect limits each map as a whole, not each key or value. */
const BYTE_TOTALS = [
  { field: 'Attributes', limit: L.attributesMaxBytes, what: 'attribute', valueOf: (v: unknown) => v },
  {
    field: 'References',
    limit: L.referencesMaxBytes,
    what: 'reference',
    valueOf: (v: unknown) => (v as { Value?: unknown } | null)?.Value,
  },
] as const;

/**
 * The byte totals of Attributes and References (keys and string values), checked before anything
 * looks at a key or value one by one: a map over its total is reported as a whole, and
 * `oversized` names it so that its keys and values are not judged one by one as well.
 */
export function checkByteTotals(body: Readonly<Record<string, unknown>>): { violations: Violation[]; oversized: string[] } {
  const violations: Violation[] = [];
  const oversized: string[] = [];
  for (const { field, limit, what, valueOf } of BYTE_TOTALS) {
    const map = body[field];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    let bytes = 0;
    const keys = Object.keys(map);
    for (let i = 0; i < keys.length; i++) {
      const value = valueOf((map as Record<string, unknown>)[keys[i]]);
      bytes += utf8Length(keys[i]) + (typeof value === 'string' ? utf8Length(value) : 0);
    }
    if (bytes > limit) {
      violations.push({ path: `/${field}`, message: `${what} keys and values total ${bytes} UTF-8 bytes; the limit is ${limit}` });
      oversized.push(field);
    }
  }
  return { violations, oversized };
}

const REFERENCE_VALUE_CHECKS: Record<string, { readonly valid: (value: string) => boolean; readonly expected: string }> = {
  URL: { valid: isHttpUrl, expected: 'an absolute http or https URL' },
  NUMBER: { valid: (v) => /^-?\d+(\.\d+)?$/.test(v), expected: 'a decimal number' },
  // Dot-separated labels that cannot contain a dot: each character has one way to match.
  EMAIL: { valid: (v) => /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(v), expected: 'an email address' },
  DATE: { valid: (v) => /^\d{1,13}$/.test(v), expected: 'an epoch timestamp (seconds or milliseconds)' },
};

/**
 * What a value of a reference type must be, when `value` is not that: e.g. `an email address`.
 * Undefined for a well-formed value, and for STRING, which takes any text.
 */
export function referenceValueProblem(type: string, value: string): string | undefined {
  const check = REFERENCE_VALUE_CHECKS[type];
  return check && !check.valid(value) ? check.expected : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Reference values per type and names that are not empty, in references within their byte total
 * (`checkByteTotals`), which also bounds each name and value: a string has at least as many UTF-8
 * bytes as characters or UTF-16 units.
 */
export function checkReferences(body: StructurallyValidTaskRequest): Violation[] {
  const references = Object.entries(body.References ?? {});
  const violations: Violation[] = [];
  if (references.some(([key]) => key === '')) {
    violations.push({ path: '/References/', message: 'a reference name must not be empty' });
  }
  for (const [key, { Type, Value }] of references) {
    const expected = referenceValueProblem(Type, Value);
    if (expected) violations.push({ path: `/References/${escapePointer(key)}/Value`, message: `a ${Type} reference must be ${expected}` });
  }
  return violations;
}

/**
 * The instant a `ScheduledTime` names: epoch seconds (fractions kept to the millisecond), or an
 * RFC 3339 date-time that is a real calendar date and time (the structural pattern lets
 * `2026-02-30` through; `Date.parse` would roll it over to March).
 */
export function scheduledInstant(value: string | number): Date | undefined {
  if (typeof value === 'number') {
    // Beyond about ±275,000 years a Date is invalid, and an invalid Date would slip past the window check.
    const instant = new Date(Math.round(value * 1000));
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  const [, y, mo, d, h, mi, s] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value) ?? [];
  const wallClock = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  wallClock.setUTCFullYear(+y); // Date.UTC reads years 0–99 as 1900–1999
  const real =
    wallClock.getUTCFullYear() === +y &&
    wallClock.getUTCMonth() === +mo - 1 &&
    wallClock.getUTCDate() === +d &&
    wallClock.getUTCHours() === +h &&
    wallClock.getUTCMinutes() === +mi &&
    wallClock.getUTCSeconds() === +s;
  const instant = new Date(value);
  return real && !Number.isNaN(instant.getTime()) ? instant : undefined;
}

const wholeSecond = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** Whether a task due at `instant` is in the past at `now`, in whole seconds of the clock: the current second is not. */
export function hasPassed(instant: Date, now: Date): boolean {
  return instant.getTime() < wholeSecond(now).getTime();
}

export function checkSchedule(body: StructurallyValidTaskRequest, policy: SchedulePolicy): Violation[] {
  if (body.ScheduledTime === undefined) return [];
  const path = '/ScheduledTime';
  const instant = scheduledInstant(body.ScheduledTime);
  if (!instant) {
    return [{ path, message: 'is not a real date and time (a day or hour the calendar does not have, such as 30 February)' }];
  }
  if (hasPassed(instant, policy.now)) {
    return [
      {
        path,
        message: `${instant.toISOString()} is in the past (it is now ${wholeSecond(policy.now).toISOString()}); schedule the task for now or later`,
      },
    ];
  }
  // A deadline that ends mid-second includes that second.
  const seconds = instant.getTime() / 1000;
  const latest = Math.ceil(policy.now.getTime() / 1000) + policy.maxScheduleAheadSeconds;
  if (seconds > latest) {
    return [
      {
        path,
        message: `${instant.toISOString()} is more than ${formatSeconds(policy.maxScheduleAheadSeconds)} ahead; the latest allowed is ${new Date(latest * 1000).toISOString()}`,
      },
    ];
  }
  return [];
}

/**
 * Connect's FileName pattern, `^\P{C}*$`: no control, format, surrogate, private-use or
 * unassigned character. A code-point class, which the ECMAScript 3 patterns of the structural
 * schema cannot express, so it is checked here.
 */
const NO_CATEGORY_C = /^\P{C}*$/u;

export function checkAttachments(body: StructurallyValidTaskRequest): Violation[] {
  return (body.Attachments ?? []).flatMap(({ FileName }, i) =>
    NO_CATEGORY_C.test(FileName)
      ? []
      : [
          {
            path: `/Attachments/${i}/FileName`,
            message: 'must have no control, format, private-use or unassigned character and no lone surrogate (Unicode category C)',
          },
        ],
  );
}

const SYSTEM_KEYS: readonly string[] = Object.values(TASK_SYSTEM_SEGMENT_ATTRIBUTES);

export function checkSegmentAttributes(body: StructurallyValidTaskRequest): Violation[] {
  return Object.entries(body.SegmentAttributes ?? {}).flatMap(([key, value]) => {
    const path = `/SegmentAttributes/${escapePointer(key)}`;
    if (!key.startsWith(SYSTEM_SEGMENT_ATTRIBUTE_PREFIX)) return systemOnlyMembers(value, path);
    switch (key) {
      case TASK_SYSTEM_SEGMENT_ATTRIBUTES.contactExpiry:
        return contactExpiryViolations(value, path);
      case TASK_SYSTEM_SEGMENT_ATTRIBUTES.createdByUser:
        return isAgentArn(value.ValueString)
          ? []
          : [{ path, message: 'must be {"ValueString": "<the ARN of the agent who created the task>"}' }];
      default:
        return [
          {
            path,
            message: `is not a system key Amazon Connect defines for tasks (${SYSTEM_KEYS.join(', ')}); drop the "${SYSTEM_SEGMENT_ATTRIBUTE_PREFIX}" prefix for a key of your own`,
          },
        ];
    }
  });
}

function contactExpiryViolations(value: Record<string, unknown>, path: string): Violation[] {
  const minutes = (value.ValueMap as { ExpiryDuration?: { ValueInteger?: unknown } } | undefined)?.ExpiryDuration?.ValueInteger;
  if (typeof minutes !== 'number') {
    return [{ path, message: 'must be {"ValueMap": {"ExpiryDuration": {"ValueInteger": <minutes>}}}' }];
  }
  const problem = contactExpiryProblem(minutes);
  return problem ? [{ path: `${path}/ValueMap/ExpiryDuration/ValueInteger`, message: problem }] : [];
}

/**
 * What is wrong with a task expiry of `minutes`, or undefined when Connect accepts it. The one
 * check behind both `connect:ContactExpiry` in a request and ScheduledTask's `expiry`.
 */
export function contactExpiryProblem(minutes: number): string | undefined {
  const { min, max } = CONTACT_EXPIRY_MINUTES;
  return Number.isInteger(minutes) && minutes >= min && minutes <= max
    ? undefined
    : `a task expires after ${min} to ${max} whole minutes (90 days); ${minutes} is outside that range`;
}

const SYSTEM_ONLY_MEMBERS = ['ValueList', 'ValueArn'];

/** ValueList and ValueArn anywhere in a user-defined attribute's value, nested maps and lists included. */
function systemOnlyMembers(value: Record<string, unknown>, path: string, violations: Violation[] = []): Violation[] {
  for (const member of SYSTEM_ONLY_MEMBERS) {
    if (value[member] !== undefined) {
      violations.push({
        path: `${path}/${member}`,
        message: `${member} is allowed only on system-defined keys (prefixed "${SYSTEM_SEGMENT_ATTRIBUTE_PREFIX}")`,
      });
    }
  }
  const nested = (value.ValueMap ?? {}) as Record<string, Record<string, unknown>>;
  for (const key in nested) systemOnlyMembers(nested[key], `${path}/ValueMap/${escapePointer(key)}`, violations);
  return violations;
}

/** The code-checked rules after the byte totals (`checkByteTotals`), in the order a caller reads the details. */
export function checkRules(body: StructurallyValidTaskRequest, policy: TaskRequestPolicy): Violation[] {
  return [
    ...checkRouting(body, policy),
    ...checkReferences(body),
    ...checkSchedule(body, policy),
    ...checkSegmentAttributes(body),
    ...checkAttachments(body),
  ];
}

/** The code-checked rules of the fields a task update carries: the same rules as at creation. */
export function checkUpdateRules(body: StructurallyValidTaskRequest, policy: SchedulePolicy): Violation[] {
  return [...checkReferences(body), ...checkSchedule(body, policy)];
}

/** RFC 6901: a key inside a JSON Pointer. */
export function escapePointer(key: string): string {
  // Most keys hold neither character: spare them two replacements.
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function formatSeconds(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([s]) => seconds % s === 0)!;
  const n = seconds / size;
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
