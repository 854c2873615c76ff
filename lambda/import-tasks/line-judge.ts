import {
  connectClientToken,
  errorBody,
  type ImportError,
  importLineClientToken,
  pathsFor,
  type QueuedTaskRequest,
  type StartTaskConfig,
} from '../../lib/contract';
import { HttpError } from '../shared/http/http-error';
import { checkSize, parseJsonText } from '../shared/http/json-body';
import { checkTaskRequest } from '../shared/http/task-request-check';
import type { FileLine } from './line-reader';

/** A line judged: the queue message of a valid line, or the error of an invalid one; `json` when it parsed as JSON at all. */
export type LineVerdict =
  | { readonly line: number; readonly json: true; readonly message: QueuedTaskRequest }
  | { readonly line: number; readonly json: boolean; readonly error: ImportError };

export interface ImportContext {
  readonly importId: string;
  readonly principal: string;
  readonly config: StartTaskConfig;
  readonly now: Date;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Judges one line of an import by exactly the rules of `POST /tasks`: its size in bytes, its
 * text (UTF-8, never stored as U+FFFD), its JSON shape and syntax, every task request rule and
 * the target allow-list, each failure with the code, message and details `POST /tasks` would
 * answer. A valid line becomes the queue message of queued delivery, marked with its line; its
 * `ClientToken` is its own scoped to the caller (as `POST /tasks` scopes an Idempotency-Key), or
 * the import id and line number, so it is one task however often it is sent.
 */
export function judgeLine(line: FileLine, context: ImportContext): LineVerdict {
  let json = false;
  try {
    if (line.bytes === undefined) checkSize(line.length);
    const bytes = line.bytes!;
    if (bytes.length === 0) {
      throw new HttpError('ValidationError', 'the line is empty', [{ path: '', message: 'send one POST /tasks body per line' }]);
    }
    const text = decodeUtf8(bytes);
    const body = parseJsonText(text);
    json = true;
    const request = checkTaskRequest(body, text, context.config, context.now);
    const { importId, principal } = context;
    const ownToken = (body as { ClientToken?: string }).ClientToken;
    return {
      line: line.number,
      json,
      message: {
        requestId: `${importId}:${line.number}`,
        principal,
        // Scoped to the caller as POST /tasks scopes it: the same ClientToken there and here is one task.
        clientToken: ownToken === undefined ? importLineClientToken(importId, line.number) : connectClientToken(principal, ownToken),
        request: { ...request },
        importLine: { importId, line: line.number },
      },
    };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const { code, message, details } = errorBody(error, '', pathsFor('caller', error.body)).error;
    return { line: line.number, json, error: { code, message, ...(details && { details }) } };
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError('ValidationError', 'the line is not valid UTF-8', [
      { path: '', message: 'save the file as UTF-8; this line holds bytes that are not UTF-8' },
    ]);
  }
}
