import { ContextAttribute } from 'aws-cdk-lib/aws-scheduler';

/**
 * EventBridge Scheduler's context attributes, which it replaces in a target's input on every
 * invocation ("Adding context attributes" in the EventBridge Scheduler user guide), each with the
 * longest value it can take, so that limits are checked at synth time against the worst case.
 */
const LONGEST: Readonly<Record<string, string>> = {
  // arn:<partition>:scheduler:<region>:<account>:schedule/<group, 64>/<name, 64>, with room for
  // the longest partition (aws-us-gov) and region names.
  [ContextAttribute.scheduleArn]: `arn:${'p'.repeat(10)}:scheduler:${'r'.repeat(20)}:${'0'.repeat(12)}:schedule/${'g'.repeat(64)}/${'n'.repeat(64)}`,
  // UTC to the second, e.g. 2026-12-01T09:00:00Z.
  [ContextAttribute.scheduledTime]: '0000-00-00T00:00:00Z',
  [ContextAttribute.executionId]: 'e'.repeat(64),
  // At most 185 retries after the first attempt.
  [ContextAttribute.attemptNumber]: '186',
};

/** Context attributes that differ between attempts of one occurrence. */
export const PER_ATTEMPT_ATTRIBUTES: readonly string[] = [ContextAttribute.executionId, ContextAttribute.attemptNumber];

const PLACEHOLDER = /<aws\.scheduler\.[a-z-]+>/g;

/** A value with every context attribute in it replaced by its longest value, strings at any depth. */
export function atLongest(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (p) => LONGEST[p] ?? p);
  if (Array.isArray(value)) return value.map(atLongest);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [atLongest(k) as string, atLongest(v)]));
  }
  return value;
}

/** The context attributes a value uses, strings at any depth. */
export function contextAttributesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.match(PLACEHOLDER) ?? [];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [...contextAttributesIn(k), ...contextAttributesIn(v)]);
  }
  return [];
}
