import { TARGET_FIELDS, type TargetField } from './task-request/limits';

/**
 * Amazon Connect ARN shapes, as the service authorization reference for Amazon Connect names its
 * resource types. The constructs write them into IAM policies at synth time; the handlers parse
 * the instance ARN at run time.
 */

/** An instance ARN taken apart, e.g. `arn:aws:connect:eu-west-2:111122223333:instance/1111…`. */
export interface ParsedInstanceArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly instanceId: string;
  readonly arn: string;
}

const INSTANCE_ARN =
  /^arn:(aws[a-z-]*):connect:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):instance\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const INSTANCE_ARN_EXAMPLE = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

/** Parses an instance ARN, or returns undefined when it is not one. */
export function parseInstanceArn(arn: string): ParsedInstanceArn | undefined {
  const match = INSTANCE_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, account, instanceId] = match;
  return { partition, region, account, instanceId, arn };
}

const AGENT_ARN = /^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f-]{1,100}\/agent\/[0-9a-f-]{1,100}$/;

/** Whether `value` is the ARN of an agent (a user) of some instance, e.g. `…:instance/1111…/agent/2222…`. */
export function isAgentArn(value: unknown): boolean {
  return typeof value === 'string' && AGENT_ARN.test(value);
}

/** The ARN of one contact of an instance, e.g. `…:instance/1111…/contact/2222…`. */
export function contactArn(instanceArn: string, contactId: string): string {
  return `${instanceArn}/contact/${contactId}`;
}

/** The IAM resource pattern of every contact of an instance: created tasks and the contacts they link to. */
export function contactsOf(instanceArn: string): string {
  return contactArn(instanceArn, '*');
}

/** The IAM resource type of each routing target; quick connects are "transfer destinations" there. */
export const TARGET_ARN_SEGMENTS: Readonly<Record<TargetField, string>> = {
  ContactFlowId: 'contact-flow',
  TaskTemplateId: 'task-template',
  QuickConnectId: 'transfer-destination',
};

/** The IAM resource ARN of one routing target of an instance. */
export function targetArn(instanceArn: string, field: TargetField, id: string): string {
  return `${instanceArn}/${TARGET_ARN_SEGMENTS[field]}/${id}`;
}

/** IAM resource patterns that cover every flow, template and quick connect of an instance. */
export function everyTargetOf(instanceArn: string): string[] {
  return TARGET_FIELDS.map((field) => targetArn(instanceArn, field, '*'));
}
