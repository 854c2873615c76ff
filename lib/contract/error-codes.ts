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

/** Situations only API Gateway meets, answered through its gateway responses: the handler never answers these. */
export type GatewayOnlyCode =
  'MissingAuthenticationToken' | 'InvalidSignature' | 'ExpiredToken' | 'AccessDenied' | 'Unauthorized' | 'NotFound' | 'ClientError';
