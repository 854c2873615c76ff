import { type ErrorCode, HttpError, RETRY_AFTER_SECONDS } from '../http/http-error';

/** Whether an error from the Connect client has one of the given exception names. */
export function isConnectError(error: unknown, ...names: string[]): boolean {
  return error instanceof Error && names.includes(error.name);
}

/** The answer to one kind of Connect failure. */
export interface ConnectErrorAnswer {
  readonly code: ErrorCode;
  readonly message: string;
}

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
