import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TASK_ROUTES, TASK_VIEW_INCLUDES, type TaskViewInclude } from '../../lib/contract';
import { HttpError } from '../shared/http/http-error';
import { lifecycleHandler } from '../shared/lifecycle/lifecycle-handler';
import { describeTask, readTaskView } from '../shared/lifecycle/task-lookup';

/** GET /tasks/{contactId}: the task, if it is one of this instance; its attributes with `?include=attributes`. */
export const handler = lifecycleHandler(TASK_ROUTES.read, async (event, { contactId, session }) => {
  const include = includesOf(event);
  const contact = await describeTask(session, contactId);
  const task = await readTaskView(session, contactId, contact, { attributes: include.has('attributes') });
  return { status: 200, body: task, log: { outcome: 'read', contactId, state: task.State } };
});

/** `?include=a,b`: what the caller asks for beyond the task itself. */
function includesOf(event: APIGatewayProxyEvent): ReadonlySet<TaskViewInclude> {
  const asked = event.queryStringParameters?.include?.split(',').map((part) => part.trim()) ?? [];
  if (asked.some((part) => !(TASK_VIEW_INCLUDES as readonly string[]).includes(part))) {
    throw new HttpError('ValidationError', 'the include parameter asks for something a task does not have', [
      { path: 'include', message: `must list only ${TASK_VIEW_INCLUDES.join(', ')}` },
    ]);
  }
  return new Set(asked as TaskViewInclude[]);
}
