import { connectErrorMapping } from '../connect/connect-error';
import { HttpError } from '../http/http-error';

/** The one answer for an id that names no task of this instance, whatever the reason: nothing tells them apart. */
const TASK_NOT_FOUND = { code: 'TaskNotFound', message: 'this instance has no task with that ContactId' } as const;

export const taskNotFound = () => new HttpError(TASK_NOT_FOUND.code, TASK_NOT_FOUND.message);

const THROTTLED = { code: 'Throttled', message: 'Amazon Connect is throttling these calls; retry after the Retry-After interval' } as const;

/**
 * What each Connect failure of a lifecycle route (`/tasks/{contactId}`) becomes. An id that is
 * not a task of this instance is one answer, never Connect's message: it would tell an unknown
 * id from another instance's.
 */
export const fromLifecycleConnectError = connectErrorMapping(
  {
    ResourceNotFoundException: TASK_NOT_FOUND,
    // StopContact's "not active or does not exist".
    ContactNotFoundException: TASK_NOT_FOUND,
    InvalidRequestException: { code: 'InvalidRequest', message: 'Amazon Connect rejected the request' },
    InvalidParameterException: { code: 'InvalidParameter', message: 'Amazon Connect rejected a parameter of the request' },
    ThrottlingException: THROTTLED,
    LimitExceededException: THROTTLED,
    DeadlineExceededError: { code: 'UpstreamTimeout', message: 'Amazon Connect did not answer in time; retry' },
  },
  { code: 'UpstreamError', message: 'Amazon Connect failed to answer; retry' },
);
