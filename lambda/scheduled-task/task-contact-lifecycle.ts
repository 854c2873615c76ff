import { createHash } from 'node:crypto';
import {
  type ConnectClient,
  DescribeContactCommand,
  StartTaskContactCommand,
  StopContactCommand,
  UpdateContactScheduleCommand,
} from '@aws-sdk/client-connect';
import {
  formatSeconds,
  formatViolations,
  type ParsedInstanceArn,
  type StructurallyValidTaskRequest,
  type TaskScheduleProperty,
  validateTaskRequest,
} from '../../lib/contract';
import { type DeadlineSignal, withDeadline } from '../shared/aws-sdk/deadline';
import { isConnectError } from '../shared/connect/connect-error';
import { startTaskContactInput } from '../shared/connect/task-contact';

/**
 * How Connect answers for a contact that is not (or no longer) there to act on: unknown, ended,
 * or a physical id that never became a contact (a failed Create).
 */
const CONTACT_GONE = ['ContactNotFoundException', 'ResourceNotFoundException', 'InvalidParameterException', 'InvalidRequestException'];

/** What a lifecycle step needs to reach one contact of one instance. */
export interface TaskContactScope {
  readonly connect: ConnectClient;
  readonly instance: ParsedInstanceArn;
  /** Names the resource in failure messages, which CloudFormation shows in stack events. */
  readonly resourceName: string;
  /** How long one Connect call may take, retries included. */
  readonly deadlineMs: number;
}

/**
 * The instant a schedule names, in epoch seconds: `At` as given; `AfterSeconds` counted from
 * when CloudFormation issued the request, so every delivery of it resolves alike. One that
 * elapsed before the request reached the handler (`after()` shorter than the delivery) is due now.
 */
export function resolveSchedule(schedule: TaskScheduleProperty, issuedAt: Date, now: Date): number {
  const at =
    schedule.At !== undefined
      ? new Date(schedule.At).getTime()
      : Math.max(issuedAt.getTime() + (schedule.AfterSeconds ?? 0) * 1000, now.getTime());
  // Connect takes whole seconds; rounding up never moves a task into the past.
  return Math.ceil(at / 1000);
}

/**
 * A ClientToken that is the same for every retry of one CloudFormation request (same stack,
 * resource and request id), so a retried Create never makes a second contact.
 */
export function clientTokenFor(stackId: string, logicalResourceId: string, requestId: string): string {
  return createHash('sha256').update(`${stackId}\n${logicalResourceId}\n${requestId}`).digest('hex');
}

/** Checks a task by the rules of the task endpoint; a failure names the resource and every broken rule. */
export function validateScheduledTask(
  scope: TaskContactScope,
  request: Record<string, unknown>,
  maxScheduleAheadSeconds: number,
  action: 'created' | 'rescheduled',
): StructurallyValidTaskRequest {
  const validation = validateTaskRequest(request, { hasDefaultTarget: false, maxScheduleAheadSeconds, now: new Date() });
  if (validation.valid) return validation.request;
  const problems = formatViolations(validation.violations);
  const scheduleHint = validation.violations.some((v) => v.path === '/ScheduledTime')
    ? ` Tasks can be scheduled from now to ${formatSeconds(maxScheduleAheadSeconds)} ahead: change the schedule (or raise maxScheduleAhead, if your instance allows more) and deploy again.`
    : '';
  throw new Error(`${scope.resourceName} cannot be ${action}: ${problems}.${scheduleHint}`);
}

export async function startScheduledTask(
  scope: TaskContactScope,
  request: StructurallyValidTaskRequest,
  clientToken: string,
): Promise<string> {
  const output = await call(scope, 'StartTaskContact', (abortSignal) =>
    scope.connect.send(new StartTaskContactCommand(startTaskContactInput(request, scope.instance.instanceId, clientToken)), {
      abortSignal,
    }),
  );
  if (!output.ContactId) throw new Error(`${scope.resourceName}: StartTaskContact answered without a ContactId`);
  return output.ContactId;
}

/** Whether the contact exists and has not started yet: only then can it be rescheduled or cancelled. */
export async function isStillScheduled(scope: TaskContactScope, contactId: string): Promise<boolean> {
  try {
    const { Contact } = await call(scope, 'DescribeContact', (abortSignal) =>
      scope.connect.send(new DescribeContactCommand({ InstanceId: scope.instance.instanceId, ContactId: contactId }), { abortSignal }),
    );
    const due = Contact?.ScheduledTimestamp?.getTime();
    return due !== undefined && due > Date.now() && !Contact?.DisconnectTimestamp;
  } catch (error) {
    if (isConnectError(error, ...CONTACT_GONE)) return false;
    throw error;
  }
}

export async function rescheduleTask(scope: TaskContactScope, contactId: string, scheduledEpochSeconds: number): Promise<void> {
  await call(scope, 'UpdateContactSchedule', (abortSignal) =>
    scope.connect.send(
      new UpdateContactScheduleCommand({
        InstanceId: scope.instance.instanceId,
        ContactId: contactId,
        ScheduledTime: new Date(scheduledEpochSeconds * 1000),
      }),
      { abortSignal },
    ),
  );
}

/** Cancels a contact that is still scheduled; one that started, ended or is gone is left as it is. */
export async function cancelScheduledTask(scope: TaskContactScope, contactId: string): Promise<void> {
  if (!(await isStillScheduled(scope, contactId))) return;
  try {
    await call(scope, 'StopContact', (abortSignal) =>
      scope.connect.send(new StopContactCommand({ InstanceId: scope.instance.instanceId, ContactId: contactId }), { abortSignal }),
    );
  } catch (error) {
    // It started, ended or disappeared between the two calls: nothing is left to cancel.
    if (!isConnectError(error, ...CONTACT_GONE)) throw error;
  }
}

/** One Connect call under the deadline; a failure message names the resource and the operation. */
async function call<T>(scope: TaskContactScope, operation: string, send: (abortSignal: DeadlineSignal) => Promise<T>): Promise<T> {
  try {
    return await withDeadline(scope.deadlineMs, send);
  } catch (error) {
    if (error instanceof Error) {
      error.message = `${scope.resourceName}: ${operation} failed (${error.name}): ${error.message}`;
    }
    throw error;
  }
}
