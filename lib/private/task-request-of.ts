import { type Duration, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  checkTemplateFields,
  contactExpiryProblem,
  formatViolations,
  type KnownTaskTemplate,
  TARGET_FIELDS,
  TASK_SYSTEM_SEGMENT_ATTRIBUTES,
  type TaskRequestPolicy,
  validateTaskRequest,
} from '../contract';
import type { TaskContentProps } from '../task-content';
import { constructError } from './construct-error';

/** Task request fields and the props they come from, for messages in the user's terms. */
const PROP_OF_FIELD: Record<string, string> = {
  Name: 'name',
  Description: 'description',
  Attributes: 'attributes',
  References: 'references',
  ScheduledTime: 'schedule',
  PreviousContactId: 'previousContactId',
  RelatedContactId: 'relatedContactId',
  SegmentAttributes: 'expiry',
};

/**
 * A task's content as StartTaskContact fields (PascalCase, without InstanceId); absent props are
 * left out. `construct` names the task in errors.
 */
export function taskRequestOf(
  construct: IConstruct,
  props: TaskContentProps & { readonly previousContactId?: string },
): Record<string, unknown> {
  return withoutUndefined({
    Name: props.name,
    Description: props.description,
    ...props.target._toRequestFields(),
    Attributes: props.attributes,
    References:
      props.references &&
      Object.fromEntries(Object.entries(props.references).map(([key, ref]) => [key, { Type: ref.type, Value: ref.value }])),
    PreviousContactId: props.previousContactId,
    RelatedContactId: props.relatedContactId,
    SegmentAttributes: props.expiry && {
      [TASK_SYSTEM_SEGMENT_ATTRIBUTES.contactExpiry]: {
        ValueMap: { ExpiryDuration: { ValueInteger: expiryMinutes(construct, props.expiry) } },
      },
    },
  });
}

/**
 * Checks a task request at synth time by the same rules as the task endpoint, and against the task
 * template it targets when the app declares it, whatever is known now: fields that contain tokens
 * are left to deploy time. Throws an error that names the construct, the props at fault and what
 * to fix.
 */
export function assertValidTaskRequest(
  construct: IConstruct,
  request: Record<string, unknown>,
  policy: TaskRequestPolicy,
  template?: KnownTaskTemplate,
): void {
  const known = { ...request };
  // The target stays even as a token: the routing rule reads only which field is present.
  const unresolved = Object.keys(known).filter(
    (field) => !(TARGET_FIELDS as readonly string[]).includes(field) && containsToken(known[field]),
  );
  for (const field of unresolved) delete known[field];
  const validation = validateTaskRequest(known, policy);
  const violations = [
    ...(validation.valid ? [] : validation.violations),
    // The whole request: a field left to deploy time counts as given, and what is said about it is dropped below.
    ...(template ? checkTemplateFields(template, request, 'create') : []),
  ];
  const problems = violations.filter((v) => !unresolved.some((field) => v.path.startsWith(`/${field}`)));
  if (problems.length > 0) {
    throw constructError(construct, `the task is invalid: ${formatViolations(problems, (field) => PROP_OF_FIELD[field] ?? field)}.`);
  }
}

/** The expiry in minutes, checked by the same rule as `connect:ContactExpiry` in a request. */
function expiryMinutes(construct: IConstruct, expiry: Duration): number {
  if (Token.isUnresolved(expiry.toMinutes({ integral: false }))) return expiry.toMinutes();
  const minutes = expiry.toMinutes({ integral: false });
  const problem = contactExpiryProblem(minutes);
  if (problem) {
    throw constructError(
      construct,
      `expiry is ${expiry.toHumanString()}; ${problem}. Pass whole minutes from Duration.minutes(1) to Duration.days(90).`,
    );
  }
  return minutes;
}

export function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function containsToken(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsToken);
  return false;
}
