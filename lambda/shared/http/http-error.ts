import { type ErrorCode, ERROR_STATUS, type Violation } from '../../../lib/contract';

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
