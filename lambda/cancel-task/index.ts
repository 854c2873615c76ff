import { StopContactCommand } from '@aws-sdk/client-connect';
import { TASK_ROUTES } from '../../lib/contract';
import { HttpError } from '../shared/http/http-error';
import { lifecycleHandler } from '../shared/lifecycle/lifecycle-handler';
import { describeTask } from '../shared/lifecycle/task-lookup';

/**
 * DELETE /tasks/{contactId}: stops the task, or cancels it while it is still scheduled. A task
 * that has already ended is a success too, so a retried DELETE answers as the first did.
 */
export const handler = lifecycleHandler(TASK_ROUTES.cancel, async (_event, { contactId, session }) => {
  const contact = await describeTask(session, contactId);
  if (contact.DisconnectTimestamp) return { status: 204, log: { outcome: 'already-ended', contactId } };
  try {
    await session.call((connect, abortSignal) =>
      connect.send(new StopContactCommand({ InstanceId: session.instanceId, ContactId: contactId }), { abortSignal }),
    );
  } catch (error) {
    // It ended between the two calls: Connect no longer has it as active.
    if (error instanceof HttpError && error.code === 'TaskNotFound') return { status: 204, log: { outcome: 'already-ended', contactId } };
    throw error;
  }
  return { status: 204, log: { outcome: 'cancelled', contactId } };
});
