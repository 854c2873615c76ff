import { expiresAt } from './contact-events';
import { endTask, type OperationContext } from './operations';
import type { Contact } from './state';
import { ConnectError } from './wire';

/**
 * Local-only controls that move a task as its flow and an agent would in Connect, which has no API
 * for them: the task reaches a queue, an agent accepts it, the agent completes it. Each sends the
 * contact events Connect sends. Also the expiry of tasks nobody completed.
 */

/** The agent the emulator plays. */
export const LOCAL_AGENT_ID = 'local-agent';

export type AgentAction = 'queue' | 'accept' | 'complete';

export const AGENT_ACTIONS: readonly AgentAction[] = ['queue', 'accept', 'complete'];

/** A task that has started and not ended, or a ConnectError saying why it cannot be moved. */
function activeTask(ctx: OperationContext, contactId: string): Contact {
  const contact = ctx.state.contacts.get(contactId);
  if (!contact || contact.Channel !== 'TASK') throw new ConnectError('ResourceNotFoundException', 'Task not found.');
  if (contact.DisconnectTimestamp) throw new ConnectError('InvalidRequestException', 'The task has ended.');
  if (contact.ScheduledTimestamp && contact.ScheduledTimestamp.getTime() > ctx.now()) {
    throw new ConnectError('InvalidRequestException', 'The task is scheduled and has not started yet.');
  }
  return contact;
}

/** The task reaches a queue (QUEUED), unless it already has. */
function queue(ctx: OperationContext, contact: Contact): void {
  if (contact.QueueInfo) return;
  contact.QueueInfo = { EnqueueTimestamp: new Date(ctx.now()) };
  ctx.emit(contact, 'QUEUED');
}

/** An agent accepts the task (CONNECTED_TO_AGENT), after it was queued. */
function accept(ctx: OperationContext, contact: Contact): void {
  if (contact.AgentInfo?.ConnectedToAgentTimestamp) return;
  queue(ctx, contact);
  contact.AgentInfo = { Id: LOCAL_AGENT_ID, ConnectedToAgentTimestamp: new Date(ctx.now()) };
  ctx.emit(contact, 'CONNECTED_TO_AGENT');
}

/**
 * Moves a task as an agent would: `queue`, `accept` (queuing it first if needed), `complete`
 * (accepting it first if needed: DISCONNECTED and COMPLETED).
 */
export function moveTask(ctx: OperationContext, contactId: string, action: AgentAction): void {
  expireDueTasks(ctx);
  const contact = activeTask(ctx, contactId);
  if (action === 'queue') return queue(ctx, contact);
  accept(ctx, contact);
  if (action === 'complete') endTask(ctx, contact, 'AGENT_DISCONNECT');
}

/** Ends the tasks whose expiry has passed, as Connect expires them (DISCONNECTED, then COMPLETED). */
export function expireDueTasks(ctx: OperationContext): void {
  for (const contact of ctx.state.contacts.values()) {
    if (contact.Channel === 'TASK' && !contact.DisconnectTimestamp && expiresAt(contact) <= ctx.now()) {
      endTask(ctx, contact, 'EXPIRED');
    }
  }
}
