import type { HttpError } from '../http/http-error';
import { type ConnectErrorAnswer, connectErrorMapping } from './connect-error';

/** What each Connect failure becomes when a task is created. */
const START_TASK_ERRORS: Record<string, ConnectErrorAnswer> = {
  InvalidRequestException: { code: 'InvalidRequest', message: 'Amazon Connect rejected the request' },
  InvalidParameterException: { code: 'InvalidParameter', message: 'Amazon Connect rejected a parameter of the request' },
  ResourceNotFoundException: {
    code: 'ResourceNotFound',
    message: 'Amazon Connect has no such contact flow, task template, quick connect or linked contact in this instance',
  },
  ServiceQuotaExceededException: {
    code: 'ServiceQuotaExceeded',
    message: 'an Amazon Connect quota is used up: active tasks in the instance, or 12 tasks linked to one PreviousContactId',
  },
  ThrottlingException: {
    code: 'Throttled',
    message: 'Amazon Connect is throttling task creation; retry after the Retry-After interval with the same Idempotency-Key',
  },
  DeadlineExceededError: { code: 'UpstreamTimeout', message: 'Amazon Connect did not answer in time; retry with the same Idempotency-Key' },
};

const UPSTREAM_ERROR: ConnectErrorAnswer = {
  code: 'UpstreamError',
  message: 'Amazon Connect failed to create the task; retry with the same Idempotency-Key',
};

/** The request as it was sent to StartTaskContact: what the usual causes of a rejection are read from. */
export interface SentTaskRequest {
  readonly TaskTemplateId?: string;
  readonly ClientToken?: string;
}

/**
 * The usual causes of a rejected StartTaskContact: a task template without a contact flow (Connect
 * then cannot tell which flow to run, and a request may name only one of template and flow), and
 * a ClientToken sent again with a different request.
 */
function startTaskCauses(sent: SentTaskRequest): string[] {
  const causes: string[] = [];
  if (sent.TaskTemplateId !== undefined) {
    causes.push(
      'If the task template has no contact flow, Connect cannot tell which flow to run: give the template a flow in Amazon Connect, or send ContactFlowId instead of TaskTemplateId.',
    );
  }
  if (sent.ClientToken !== undefined) {
    causes.push(
      'If this Idempotency-Key (ClientToken) was used before with a different body, Connect refuses it: resend the first body unchanged, or use a new key for a new task.',
    );
  }
  return causes;
}

const mapStartTaskError = connectErrorMapping(START_TASK_ERRORS, UPSTREAM_ERROR);

/**
 * Maps an error of StartTaskContact to the contract: what `POST /tasks` answers, and what a
 * queued request's status records when its delivery fails.
 */
export function fromStartTaskError(error: unknown, sent: SentTaskRequest): HttpError {
  return mapStartTaskError(error, startTaskCauses(sent));
}
