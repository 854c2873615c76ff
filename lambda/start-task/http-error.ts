import type { Violation } from '../../lib/private/task-request';

/** Error codes of the HTTP contract, with the status each maps to. */
export const ERROR_STATUS = {
  ValidationError: 400,
  InvalidRequest: 400,
  InvalidParameter: 400,
  TargetNotAllowed: 403,
  ResourceNotFound: 404,
  ServiceQuotaExceeded: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Throttled: 429,
  InternalError: 500,
  UpstreamError: 502,
  UpstreamTimeout: 504,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** A failure the handler answers with the contract's JSON error shape. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Violation[],
    readonly headers: Record<string, string> = {},
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

const CONNECT_ERRORS: Record<string, { readonly code: ErrorCode; readonly passMessage: boolean }> = {
  InvalidRequestException: { code: 'InvalidRequest', passMessage: true },
  InvalidParameterException: { code: 'InvalidParameter', passMessage: true },
  ResourceNotFoundException: { code: 'ResourceNotFound', passMessage: true },
  ServiceQuotaExceededException: { code: 'ServiceQuotaExceeded', passMessage: true },
  ThrottlingException: { code: 'Throttled', passMessage: false },
  DeadlineExceededError: { code: 'UpstreamTimeout', passMessage: false },
};

const GENERIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  Throttled: 'Amazon Connect is throttling task creation; retry after the Retry-After interval with the same Idempotency-Key',
  UpstreamTimeout: 'Amazon Connect did not answer in time; retry with the same Idempotency-Key',
  UpstreamError: 'Amazon Connect failed to create the task; retry with the same Idempotency-Key',
};

/**
 * Maps an error from the Connect client to the contract. Connect's own message is passed on for
 * the client errors the caller can fix, with any sensitive value of the request blanked out.
 */
export function fromConnectError(error: unknown, sensitiveValues: readonly string[]): HttpError {
  const name = error instanceof Error ? error.name : '';
  const known = CONNECT_ERRORS[name];
  const code: ErrorCode = known?.code ?? 'UpstreamError';
  const message = known?.passMessage && error instanceof Error && error.message
    ? redact(error.message, sensitiveValues)
    : GENERIC_MESSAGES[code]!;
  const headers: Record<string, string> = code === 'Throttled' ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {};
  return new HttpError(code, message, undefined, headers);
}

function redact(message: string, sensitiveValues: readonly string[]): string {
  return sensitiveValues
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((m, v) => m.split(v).join('[redacted]'), message);
}
