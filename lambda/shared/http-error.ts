import { type ErrorCode, ERROR_STATUS, type Violation } from '../../lib/contract';

export type { ErrorCode };

/** A failure the handler answers with the contract's JSON error shape. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Violation[],
    readonly headers: Record<string, string> = {},
    /** Members of the body's `error` object beside code, message and details. */
    readonly fields: Record<string, unknown> = {},
    /** The parsed body the details' paths point into, so each audience can be shown them its way. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Seconds a throttled caller is asked to wait before retrying. */
export const RETRY_AFTER_SECONDS = 1;

/** The answer to one kind of Connect failure. */
export interface ConnectErrorAnswer {
  readonly code: ErrorCode;
  readonly message: string;
}

/** What each Connect failure becomes when a task is created. */
const CONNECT_ERRORS: Record<string, ConnectErrorAnswer> = {
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

/** How much of Connect's own message a caller gets back; Connect's messages are sentences, not documents. */
const CONNECT_MESSAGE_MAX_LENGTH = 1000;

/** The Connect errors that are the caller's to fix: their message is the caller's own data, and says what. */
const CALLER_FIXES: ReadonlySet<ErrorCode> = new Set(['InvalidRequest', 'InvalidParameter', 'ResourceNotFound', 'ServiceQuotaExceeded']);

/** The errors whose cause Connect does not name by a code, so `causes` may name the usual ones. */
const UNNAMED_CAUSES: ReadonlySet<ErrorCode> = new Set(['InvalidRequest', 'InvalidParameter']);

/**
 * A function that maps errors from the Connect client to the contract by exception name, with
 * `fallback` for any other error. The SDK's own timeout (every attempt timed out) and an abort
 * answer as the deadline does. For the errors a caller must fix, Connect's own message goes back
 * in `details` (it describes the caller's own request, so it goes to them and never to a log),
 * and `causes`, our words for the usual causes of a rejection, follow the message; Connect's
 * machine-readable `Reason` enum is named in the message.
 */
export function connectErrorMapping(answers: Readonly<Record<string, ConnectErrorAnswer>>, fallback: ConnectErrorAnswer) {
  const byName: Record<string, ConnectErrorAnswer> = { ...answers };
  byName.TimeoutError = byName.AbortError = answers.DeadlineExceededError;
  return (error: unknown, causes: readonly string[] = []): HttpError => {
    const name = error instanceof Error ? error.name : '';
    const { code, message } = byName[name] ?? fallback;
    // Reason is a union of enums, e.g. { AttachedFileInvalidRequestExceptionReason: 'INVALID_FILE_SIZE' }.
    const reasons = Object.values((error as { Reason?: object } | undefined)?.Reason ?? {}).filter((r) => typeof r === 'string');
    const headers: Record<string, string> = code === 'Throttled' ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
    const summary = reasons.length > 0 ? `${message} (reason: ${reasons.join(', ')})` : message;
    if (!CALLER_FIXES.has(code)) return new HttpError(code, summary, undefined, headers);
    const named = UNNAMED_CAUSES.has(code) ? causes : [];
    const said = error instanceof Error ? error.message.slice(0, CONNECT_MESSAGE_MAX_LENGTH) : '';
    return new HttpError(
      code,
      named.length > 0 ? `${summary}. ${named.join(' ')}` : summary,
      said ? [{ path: '', message: `Amazon Connect said: ${said}` }] : undefined,
      headers,
    );
  };
}

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

const fromStartTaskError = connectErrorMapping(CONNECT_ERRORS, UPSTREAM_ERROR);

/** Maps an error from the Connect client, when creating a task, to the contract. */
export function fromConnectError(error: unknown, sent: SentTaskRequest): HttpError {
  return fromStartTaskError(error, startTaskCauses(sent));
}
