import type { Violation } from './task-request/violation';

/** What keeps an error body small whatever the request. */
export const ERROR_BODY_LIMITS = {
  /** Details listed; the rest are counted in one last detail. */
  maxDetails: 50,
  /** The whole body, in UTF-8 bytes. */
  maxBytes: 16 * 1024,
} as const;

/** What an error answer says: its code, message, the broken rules, and any members a route adds. */
export interface ErrorContent {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly Violation[];
  /** Members of the `error` object beside code, message and details. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** The JSON error shape of every answer that is not a success. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly Violation[];
    readonly [field: string]: unknown;
  };
  readonly requestId: string;
}

const utf8Bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Room kept for the detail that counts the rest, e.g. `{"path":"","message":"and 4950 more"}`. */
const MORE_DETAIL_BYTES = 64;

/**
 * An error body with at most 50 details, then one saying how many more, and at most 16 KiB in
 * all: details that would not fit are counted instead of listed. `presentPath` rewrites each
 * listed path for the caller (see `pathsFor`).
 */
export function errorBody(content: ErrorContent, requestId: string, presentPath: (path: string) => string = (path) => path): ErrorBody {
  const { code, message, details, fields } = content;
  const error = { code, message, ...fields };
  if (details === undefined) return { error, requestId };
  let room = ERROR_BODY_LIMITS.maxBytes - utf8Bytes({ error: { ...error, details: [] }, requestId }) - MORE_DETAIL_BYTES;
  const listed: Violation[] = [];
  for (const detail of details.slice(0, ERROR_BODY_LIMITS.maxDetails)) {
    const shown = { path: presentPath(detail.path), message: detail.message };
    const bytes = utf8Bytes(shown) + 1;
    if (bytes > room) break;
    room -= bytes;
    listed.push(shown);
  }
  const more = details.length - listed.length;
  return { error: { ...error, details: more > 0 ? [...listed, { path: '', message: `and ${more} more` }] : listed }, requestId };
}
