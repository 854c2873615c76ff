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

/**
 * What each Connect failure becomes. The messages are fixed: Connect's own message may quote
 * the request (a name, a description), so only its machine-readable `Reason` enum is passed on.
 */
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

/**
 * A function that maps errors from the Connect client to the contract by exception name, with
 * `fallback` for any other error. The SDK's own timeout (every attempt timed out) and an abort
 * answer as the deadline does.
 */
export function connectErrorMapping(answers: Readonly<Record<string, ConnectErrorAnswer>>, fallback: ConnectErrorAnswer) {
  const byName: Record<string, ConnectErrorAnswer> = { ...answers };
  byName.TimeoutError = byName.AbortError = answers.DeadlineExceededError;
  return (error: unknown): HttpError => {
    const name = error instanceof Error ? error.name : '';
    const { code, message } = byName[name] ?? fallback;
    // Reason is a union of enums, e.g. { AttachedFileInvalidRequestExceptionReason: 'INVALID_FILE_SIZE' }.
    const reasons = Object.values((error as { Reason?: object } | undefined)?.Reason ?? {}).filter((r) => typeof r === 'string');
    const headers: Record<string, string> = code === 'Throttled' ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
    return new HttpError(code, reasons.length > 0 ? `${message} (reason: ${reasons.join(', ')})` : message, undefined, headers);
  };
}

/** Maps an error from the Connect client, when creating a task, to the contract. */
export const fromConnectError = connectErrorMapping(CONNECT_ERRORS, UPSTREAM_ERROR);
