import { TASK_ROUTES, taskState, validateTaskUpdate } from '../../lib/contract';
import { HttpError } from '../shared/http/http-error';
import { readJsonRequest } from '../shared/http/http-request';
import { assertTemplateFields } from '../shared/http/template-fields';
import { lifecycleHandler } from '../shared/lifecycle/lifecycle-handler';
import { describeTask, readTaskView } from '../shared/lifecycle/task-lookup';
import { applyChanges, partiallyApplied } from './apply-changes';

/**
 * PATCH /tasks/{contactId}: changes a task's schedule, name, description, references or
 * attributes, checked by the same rules as when it was created, and answers with the task.
 */
export const handler = lifecycleHandler(TASK_ROUTES.update, async (event, { contactId, session, config }) => {
  const { body, text: source } = readJsonRequest(event);
  const validation = validateTaskUpdate(body, { maxScheduleAheadSeconds: config.maxScheduleAheadSeconds, now: new Date() }, source);
  if (!validation.valid) {
    throw new HttpError('ValidationError', 'the request breaks the rules listed in details', validation.violations, {}, {}, body);
  }
  const update = validation.request;

  const contact = await describeTask(session, contactId);
  // The template a task was created from is the last part of its ARN.
  assertTemplateFields(config.taskTemplates, contact.TaskTemplateInfo?.Arn?.split('/').pop(), update, 'update', body);
  if (update.ScheduledTime !== undefined) {
    const state = taskState(contact, new Date());
    if (state !== 'SCHEDULED') {
      throw new HttpError('TaskAlreadyStarted', `the task is ${state}; only a task that is still SCHEDULED can be rescheduled`);
    }
  }
  const applied = await applyChanges(session, { contactId, contact }, update);

  try {
    const task = await readTaskView(session, contactId, await describeTask(session, contactId), { attributes: false });
    return { status: 200, body: task, log: { outcome: 'updated', contactId, applied } };
  } catch (error) {
    throw error instanceof HttpError ? partiallyApplied(error, applied, []) : error;
  }
});
