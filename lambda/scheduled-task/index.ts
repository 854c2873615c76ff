import type { ConnectClient } from '@aws-sdk/client-connect';
import type {
  CloudFormationCustomResourceCreateEvent,
  CloudFormationCustomResourceDeleteEvent,
  CloudFormationCustomResourceEvent,
  CloudFormationCustomResourceUpdateEvent,
} from 'aws-lambda';
import {
  parseInstanceArn,
  readScheduledTaskDeadlineMs,
  SCHEDULED_TASK_CONNECT_CALL,
  type ScheduledTaskResourceProperties,
  type TaskScheduleProperty,
} from '../../lib/contract';
import { createConnectClient } from '../shared/connect/connect-client';
import { requestIssuedAt } from './request-issued-at';
import {
  cancelScheduledTask,
  clientTokenFor,
  isStillScheduled,
  rescheduleTask,
  resolveSchedule,
  startScheduledTask,
  type TaskContactScope,
  validateScheduledTask,
} from './task-contact-lifecycle';

/** What the Provider framework expects back: the contact is the physical resource. */
export interface ScheduledTaskResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly ContactId: string };
}

// One client per region, kept for the container's life: tasks of one stack may use several instances.
const clients = new Map<string, ConnectClient>();
// Long enough to wait out the stack's quota while the deploy's other tasks are created.
const deadlineMs = readScheduledTaskDeadlineMs(process.env);

/** The ScheduledTask custom resource: a task contact with a ScheduledTime (docs/scheduled-task.md). */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<ScheduledTaskResponse> {
  console.info({ requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, requestId: event.RequestId });
  switch (event.RequestType) {
    case 'Create':
      return create(event);
    case 'Update':
      return update(event);
    case 'Delete':
      return remove(event);
  }
}

async function create(
  event: CloudFormationCustomResourceCreateEvent | CloudFormationCustomResourceUpdateEvent,
): Promise<ScheduledTaskResponse> {
  const props = event.ResourceProperties as unknown as ScheduledTaskResourceProperties;
  const scope = scopeOf(event, props);
  const request = scheduledRequest(scope, props, event, 'created');
  const contactId = await startScheduledTask(scope, request, clientTokenFor(event.StackId, event.LogicalResourceId, event.RequestId));
  console.info({ outcome: 'created', logicalResourceId: event.LogicalResourceId, contactId });
  return contactResponse(contactId);
}

async function update(event: CloudFormationCustomResourceUpdateEvent): Promise<ScheduledTaskResponse> {
  const props = event.ResourceProperties as unknown as ScheduledTaskResourceProperties;
  const old = event.OldResourceProperties as unknown as ScheduledTaskResourceProperties;
  const contactId = event.PhysicalResourceId;
  const sameTask = props.InstanceArn === old.InstanceArn && props.TaskRequest === old.TaskRequest;
  if (sameTask && props.Schedule === old.Schedule) {
    // Only CancelOnDelete or MaxScheduleAhead changed: the contact itself stays as it is.
    return contactResponse(contactId);
  }
  const scope = scopeOf(event, props);
  if (sameTask && (await isStillScheduled(scope, contactId))) {
    const request = scheduledRequest(scope, props, event, 'rescheduled');
    await rescheduleTask(scope, contactId, request.ScheduledTime as number);
    console.info({ outcome: 'rescheduled', logicalResourceId: event.LogicalResourceId, contactId });
    return contactResponse(contactId);
  }
  // Anything else is a new task: a new physical id, and CloudFormation deletes the old contact.
  return create(event);
}

async function remove(event: CloudFormationCustomResourceDeleteEvent): Promise<ScheduledTaskResponse> {
  const props = event.ResourceProperties as unknown as ScheduledTaskResourceProperties;
  if (props.CancelOnDelete !== 'false') {
    await cancelScheduledTask(scopeOf(event, props), event.PhysicalResourceId);
  }
  console.info({ outcome: props.CancelOnDelete === 'false' ? 'kept' : 'cancelled', logicalResourceId: event.LogicalResourceId });
  return { PhysicalResourceId: event.PhysicalResourceId };
}

/**
 * The task request with its schedule resolved for this CloudFormation request, checked by the
 * task endpoint's rules: a task is created or rescheduled only for a time still to come (an `At`
 * may have passed since synth). `after()` counts from when CloudFormation issued the request, so
 * every delivery of it sends Connect the same `ScheduledTime` (see `requestIssuedAt`); an Update
 * that changes the schedule is a new request, and a reschedule counts from it.
 */
function scheduledRequest(
  scope: TaskContactScope,
  props: ScheduledTaskResourceProperties,
  event: CloudFormationCustomResourceCreateEvent | CloudFormationCustomResourceUpdateEvent,
  action: 'created' | 'rescheduled',
) {
  const schedule = JSON.parse(props.Schedule) as TaskScheduleProperty;
  const now = new Date();
  return validateScheduledTask(
    scope,
    {
      ...(JSON.parse(props.TaskRequest) as Record<string, unknown>),
      ScheduledTime: resolveSchedule(schedule, requestIssuedAt(event.ResponseURL, now), now),
    },
    Number(props.MaxScheduleAheadSeconds),
    action,
  );
}

function scopeOf(event: CloudFormationCustomResourceEvent, props: ScheduledTaskResourceProperties): TaskContactScope {
  // Named by its construct path, as at synth; resources deployed by an older version carry none.
  const resourceName = `ScheduledTask ${props.ConstructPath ?? event.LogicalResourceId}`;
  const instance = parseInstanceArn(props.InstanceArn);
  if (!instance) throw new Error(`${resourceName}: InstanceArn ${props.InstanceArn} is not an Amazon Connect instance ARN`);
  let connect = clients.get(instance.region);
  if (!connect) {
    connect = createConnectClient(instance.region, deadlineMs, SCHEDULED_TASK_CONNECT_CALL.attempts);
    clients.set(instance.region, connect);
  }
  return { connect, instance, resourceName, deadlineMs };
}

function contactResponse(contactId: string): ScheduledTaskResponse {
  return { PhysicalResourceId: contactId, Data: { ContactId: contactId } };
}
