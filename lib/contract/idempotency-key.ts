import { createHash } from 'node:crypto';
import { TASK_LIMITS } from './task-request/limits';

/**
 * A caller's idempotency key (the `Idempotency-Key` header, or a body `ClientToken`): what it may
 * be, and the `ClientToken` it becomes in Amazon Connect.
 */

/** A key is 1 to 500 characters, counted as Unicode code points (an emoji is one), as Connect counts its ClientToken. */
export const IDEMPOTENCY_KEY_MAX_CHARACTERS = TASK_LIMITS.clientTokenMaxLength;

/**
 * Why a key cannot be used, or undefined when it can. A queued request's id is its key, and a
 * status is read at `/tasks/requests/{key}`, so a key must be text a path can carry and give
 * back: not `.` or `..` (clients and gateways resolve them away), not U+FFFD (bytes that were not
 * UTF-8), no control characters and no unpaired surrogate (not text, and no URL encodes one).
 */
export function idempotencyKeyProblem(key: string): string | undefined {
  const characters = [...key].length;
  if (characters === 0 || characters > IDEMPOTENCY_KEY_MAX_CHARACTERS) {
    return `must be 1 to ${IDEMPOTENCY_KEY_MAX_CHARACTERS} characters; it is ${characters}`;
  }
  if (key === '.' || key === '..') return 'must not be . or ..: a path cannot carry it';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(key)) {
    return 'must be UTF-8 text without control characters; send non-ASCII characters as UTF-8';
  }
  return undefined;
}

/**
 * Domain separation: a token of this scheme can equal no other token this library sends
 * (ScheduledTask's, RecurringTask's), and a later scheme no token of this one.
 */
const CLIENT_TOKEN_SCHEME = 'cdk-connect-tasks/caller-key/v1';

/**
 * The `ClientToken` sent to Amazon Connect for `key` sent by `principal`: the SHA-256, in
 * lowercase hex (64 characters, within Connect's 500), of the JSON array
 * `[scheme, principal, key]`. JSON keeps the parts apart whatever they contain, so two callers
 * never share a token, however their keys are chosen; the same caller and key always give the
 * same token, on the synchronous path, the queued path and every retry of either.
 */
export function connectClientToken(principal: string, key: string): string {
  return createHash('sha256')
    .update(JSON.stringify([CLIENT_TOKEN_SCHEME, principal, key]))
    .digest('hex');
}
