/**
 * The error codes of the task endpoint's HTTP contract, with the status each answers. The
 * handler answers with these; the API Gateway responses reuse them where the situation is the same.
 */
export const ERROR_STATUS = {
  ValidationError: 400,
  InvalidRequest: 400,
  InvalidParameter: 400,
  TargetNotAllowed: 403,
  ResourceNotFound: 404,
  /** An unknown, expired or another caller's queued request. */
  RequestNotFound: 404,
  /** An unknown, expired or another caller's import. */
  ImportNotFound: 404,
  /** `/tasks/{contactId}` names no task of this instance: unknown, another instance's, or not a task. */
  TaskNotFound: 404,
  ServiceQuotaExceeded: 409,
  /** An `Idempotency-Key` sent again with a different body. */
  IdempotencyKeyReused: 409,
  /** A reschedule of a task that is no longer scheduled: it has started or ended. */
  TaskAlreadyStarted: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Throttled: 429,
  InternalError: 500,
  UpstreamError: 502,
  /** A queued request that could not be stored (SQS or the status table failed). */
  QueueUnavailable: 503,
  UpstreamTimeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Situations only API Gateway meets, answered through its gateway responses (the handler never
 * answers these), with the status of each: the default status of its gateway response type
 * (API Gateway Developer Guide, "Gateway response types").
 */
export const GATEWAY_ERROR_STATUS = {
  MissingAuthenticationToken: 403,
  InvalidSignature: 403,
  ExpiredToken: 403,
  AccessDenied: 403,
  Unauthorized: 401,
  NotFound: 404,
} as const;

/** A gateway-only code; `ClientError` (DEFAULT_4XX) keeps the status of whichever 4xx it stands for. */
export type GatewayOnlyCode = keyof typeof GATEWAY_ERROR_STATUS | 'ClientError';

const STATUS: Readonly<Record<string, number>> = { ...ERROR_STATUS, ...GATEWAY_ERROR_STATUS };

/** The status an error code answers with; undefined for `ClientError`, whose status varies. */
export function errorStatus(code: ErrorCode | GatewayOnlyCode): number | undefined {
  return Object.hasOwn(STATUS, code) ? STATUS[code] : undefined;
}

/** An answer of API Gateway's own: its code and `$context.error.messageString`, API Gateway's fixed message. */
export interface GatewayAnswer {
  readonly code: ErrorCode | GatewayOnlyCode;
  readonly message: string;
}

/**
 * The answers API Gateway gives of its own that the local endpoint gives too, so that `npm start`
 * answers as the deployed API does.
 */
export const GATEWAY_ANSWERS = {
  /**
   * A path, or a method of a path, that the REST API does not define: API Gateway answers it as
   * an unsigned request (MISSING_AUTHENTICATION_TOKEN), signed or not.
   */
  unknownRoute: { code: 'MissingAuthenticationToken', message: 'Missing Authentication Token' },
  /**
   * The function failed: it threw, timed out or returned no proxy result. API Gateway answers it
   * through DEFAULT_5XX with the message "Internal server error" (AWS Lambda Developer Guide,
   * "Handling Lambda errors with an API Gateway API").
   */
  functionFailed: { code: 'InternalError', message: 'Internal server error' },
} as const satisfies Record<string, GatewayAnswer>;
