import { CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { maxScheduleAheadSeconds } from './private/duration-prop';
import { assertInstanceArn } from './private/instance-arn-prop';
import { ScheduledTaskProvider } from './private/scheduled-task-provider';
import {
  contactExpiryProblem,
  formatViolations,
  type ScheduledTaskResourceProperties,
  TARGET_FIELDS,
  TASK_SYSTEM_SEGMENT_ATTRIBUTES,
  validateTaskRequest,
} from './contract';
import type { TaskReference } from './reference-type';
import type { TaskSchedule } from './task-schedule';
import type { TaskTarget } from './task-target';

/** Properties of a {@link ScheduledTask}. */
export interface ScheduledTaskProps {
  /** The ARN of the Amazon Connect instance the task is created in. */
  readonly instanceArn: string;

  /** The flow, task template or quick connect that routes the task. */
  readonly target: TaskTarget;

  /** The task's name, shown to the agent (1–1024 characters). */
  readonly name: string;

  /** When the task is due. */
  readonly schedule: TaskSchedule;

  /**
   * The task's description, shown to the agent (at most 4096 characters).
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * Contact attributes: keys of letters, digits, `-` and `_`; at most 32,768 UTF-8 bytes in all.
   *
   * @default - no attributes
   */
  readonly attributes?: { [key: string]: string };

  /**
   * References shown with the task, e.g. a link to a runbook; at most 4,096 UTF-8 bytes in all.
   *
   * @default - no references
   */
  readonly references?: { [name: string]: TaskReference };

  /**
   * The contact this task follows up; may be another ScheduledTask's `contactId`.
   * Up to 12 tasks may share one previous contact, and they share its attributes.
   *
   * @default - none
   */
  readonly previousContactId?: string;

  /**
   * A contact whose attributes this task copies; may be another ScheduledTask's `contactId`.
   *
   * @default - none
   */
  readonly relatedContactId?: string;

  /**
   * How long the task may wait for an agent before Connect expires it
   * (`connect:ContactExpiry`), in whole minutes from 1 minute to 90 days.
   *
   * @default - Connect's default expiry
   */
  readonly expiry?: Duration;

  /**
   * Cancel the task (StopContact) when this resource is deleted, if it has not started yet.
   *
   * @default true
   */
  readonly cancelOnDelete?: boolean;

  /**
   * How far ahead the schedule may lie. Raise it if your instance allows more than Connect's
   * documented 6 days.
   *
   * @default Duration.days(6)
   */
  readonly maxScheduleAhead?: Duration;
}

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
 * An Amazon Connect task that is due at a scheduled time, declared as infrastructure.
 *
 * CloudFormation creates the task contact on deploy, reschedules it when only the schedule
 * changes, replaces it when anything else changes, and cancels it on delete. One provider and
 * one handler serve every ScheduledTask of a stack.
 */
export class ScheduledTask extends Construct {
  /** The id of the task contact (the resource's physical id). */
  public readonly contactId: string;
  /** The CloudFormation custom resource of the task. */
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    assertInstanceArn(props.instanceArn);
    const maxScheduleAhead = maxScheduleAheadSeconds(props.maxScheduleAhead);
    const taskRequest = {
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
          ValueMap: { ExpiryDuration: { ValueInteger: expiryMinutes(props.expiry, this.node.path) } },
        },
      },
    };
    this.validate(taskRequest, props.schedule, maxScheduleAhead);

    const provider = ScheduledTaskProvider.of(this);
    const permissions = provider.allowTasks(props.instanceArn, props.target.arnIn(props.instanceArn));
    const properties: ScheduledTaskResourceProperties = {
      InstanceArn: props.instanceArn,
      TaskRequest: Stack.of(this).toJsonString(withoutUndefined(taskRequest)),
      Schedule: Stack.of(this).toJsonString(props.schedule._toProperty()),
      MaxScheduleAheadSeconds: String(maxScheduleAhead),
      CancelOnDelete: props.cancelOnDelete === false ? 'false' : 'true',
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::ConnectScheduledTask',
      properties,
    });
    this.resource.node.addDependency(permissions);
    this.contactId = this.resource.getAttString('ContactId');
  }

  /**
   * Checks at synth time, by the same rules as the task endpoint and the deploy-time handler,
   * whatever is known now. Values that are tokens are left to the deploy-time check.
   */
  private validate(taskRequest: Record<string, unknown>, schedule: TaskSchedule, maxScheduleAheadSeconds: number): void {
    const known = withoutUndefined(taskRequest);
    // The target stays even as a token: the routing rule reads only which field is present.
    const unresolved = Object.keys(known).filter(
      (field) => !(TARGET_FIELDS as readonly string[]).includes(field) && containsToken(known[field]),
    );
    for (const field of unresolved) delete known[field];
    const now = new Date();
    const instant = schedule._instantIfDeployedAt(now);
    if (instant) known.ScheduledTime = Math.ceil(instant.getTime() / 1000);

    const validation = validateTaskRequest(known, { hasDefaultTarget: false, maxScheduleAheadSeconds, now });
    if (validation.valid) return;
    const problems = validation.violations.filter((v) => !unresolved.some((field) => v.path.startsWith(`/${field}`)));
    if (problems.length > 0) {
      throw new Error(
        `ScheduledTask ${this.node.path} is invalid: ${formatViolations(problems, (field) => PROP_OF_FIELD[field] ?? field)}.`,
      );
    }
  }
}

/** The expiry in minutes, checked by the same rule as `connect:ContactExpiry` in a request. */
function expiryMinutes(expiry: Duration, path: string): number {
  if (Token.isUnresolved(expiry.toMinutes({ integral: false }))) return expiry.toMinutes();
  const minutes = expiry.toMinutes({ integral: false });
  const problem = contactExpiryProblem(minutes);
  if (problem) {
    throw new Error(
      `ScheduledTask ${path}: expiry is ${expiry.toHumanString()}; ${problem}. Pass whole minutes from Duration.minutes(1) to Duration.days(90).`,
    );
  }
  return minutes;
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function containsToken(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsToken);
  return false;
}
