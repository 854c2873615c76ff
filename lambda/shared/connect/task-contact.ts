import type { StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import { scheduledInstant, type StructurallyValidTaskRequest } from '../../../lib/contract';

/**
 * The StartTaskContact input for a validated request: the body's fields as they are, the
 * deployment's instance, the schedule as the instant it names, and the idempotency token. A
 * caller's own `ClientToken` never reaches Connect as it is: `clientToken` is the one sent
 * (from `connectClientToken`), or none, and then the SDK makes one for its own retries.
 */
export function startTaskContactInput(
  request: StructurallyValidTaskRequest,
  instanceId: string,
  clientToken: string | undefined,
): StartTaskContactCommandInput {
  const { ClientToken: _callerKey, ...fields } = request as StructurallyValidTaskRequest & { ClientToken?: string };
  const input = { ...fields, InstanceId: instanceId } as StartTaskContactCommandInput;
  if (request.ScheduledTime !== undefined) input.ScheduledTime = scheduledInstant(request.ScheduledTime);
  if (clientToken !== undefined) input.ClientToken = clientToken;
  return input;
}
