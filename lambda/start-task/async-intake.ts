import { createHash, randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import canonicalize from 'canonicalize';
import {
  type AsyncDeliverySettings,
  connectClientToken,
  type QueuedTaskRequest,
  requestStatusPath,
  type RequestStatus,
  type StructurallyValidTaskRequest,
} from '../../lib/contract';
import { type RequestKey, RequestStatusStore } from '../shared/async-delivery/request-status-store';
import { withDeadline } from '../shared/aws-sdk/deadline';
import { HttpError } from '../shared/http/http-error';
import type { HttpAnswer } from '../shared/http/http-handler';
import { headerValues } from '../shared/http/http-request';

export interface QueuedTaskInput {
  /** The validated, routed request that the consumer sends to Connect. */
  readonly request: StructurallyValidTaskRequest;
  /** The body as the caller sent it: what an `Idempotency-Key` is compared on. */
  readonly body: unknown;
  readonly idempotencyKey?: string;
  readonly principal: string;
}

/**
 * Whether the caller asked for an asynchronous answer: `respond-async` among the preferences of
 * every `Prefer` field, which together are one comma-separated list (RFC 7240 §2).
 */
export function prefersAsync(event: APIGatewayProxyEvent): boolean {
  return headerValues(event, 'prefer')
    .join(',')
    .split(',')
    .some((p) => p.split(';')[0].trim().toLowerCase() === 'respond-async');
}

/** How long a queue-depth reading is reused for the `Retry-After` estimate before SQS is asked again. */
const DEPTH_READING_MS = 5000;

/**
 * Accepts a validated request for queued delivery: records it as QUEUED in the status table,
 * puts it on the queue, and answers 202 only once SQS holds it. The status item comes first so
 * the consumer always finds who the request belongs to; if SQS then fails, the item is removed
 * again and the caller gets a 503. A repeated `Idempotency-Key` with the same body is the same
 * request (its message is sent again while it is queued, which the consumer's status check and
 * the `ClientToken` make harmless); with another body it is a 409.
 */
export class AsyncIntake {
  private readonly sqs = new SQSClient({});
  private readonly store: RequestStatusStore;
  private depth = { messages: 0, readAt: -Infinity, acceptedSince: 0 };

  constructor(
    private readonly settings: AsyncDeliverySettings,
    private readonly deadlineMs: number,
  ) {
    this.store = new RequestStatusStore(settings.statusTable, settings.statusRetentionSeconds);
  }

  async accept(input: QueuedTaskInput, event: APIGatewayProxyEvent): Promise<HttpAnswer> {
    const requestId = input.idempotencyKey ?? randomUUID();
    const key: RequestKey = { requestId, principal: input.principal };
    const fingerprint = fingerprintOf(input.body);
    const now = new Date();

    const created = await this.unavailableOnFailure(() => this.store.create(key, fingerprint, now));
    let status: RequestStatus = 'QUEUED';
    if (!created) {
      const existing = await this.unavailableOnFailure(() => this.store.read(key, new Date()));
      if (existing && existing.fingerprint !== fingerprint) {
        throw new HttpError(
          'IdempotencyKeyReused',
          'this Idempotency-Key was sent before with a different body; send that body again, or use a new key for a new request',
        );
      }
      status = existing?.status ?? 'QUEUED';
    }
    if (status === 'QUEUED') {
      const message: QueuedTaskRequest = {
        requestId,
        principal: input.principal,
        // The synchronous path's token for the same caller and key: a request sent both ways is one task.
        clientToken: connectClientToken(input.principal, requestId),
        request: { ...input.request },
      };
      try {
        await withDeadline(this.deadlineMs, (abortSignal) =>
          this.sqs.send(new SendMessageCommand({ QueueUrl: this.settings.queueUrl, MessageBody: JSON.stringify(message) }), {
            abortSignal,
          }),
        );
      } catch (error) {
        if (created) await this.store.forget(key, now.toISOString()).catch(() => undefined);
        throw queueUnavailable(error);
      }
    }
    return {
      status: 202,
      body: { requestId, status },
      headers: {
        Location: `${basePath(event)}${requestStatusPath(requestId)}`,
        'Preference-Applied': 'respond-async',
        'Retry-After': String(await this.retryAfterSeconds()),
      },
      log: { outcome: created ? 'queued' : 'queued-again', queuedRequestId: requestId },
    };
  }

  private async unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(this.deadlineMs, call);
    } catch (error) {
      throw queueUnavailable(error);
    }
  }

  /**
   * When the request will likely have been delivered: the messages ahead of it at the delivery
   * rate. The queue's depth is read at most every few seconds per container, and the requests
   * this container accepted since are added to it.
   */
  private async retryAfterSeconds(): Promise<number> {
    const now = Date.now();
    if (now - this.depth.readAt > DEPTH_READING_MS) {
      try {
        const { Attributes } = await withDeadline(1000, (abortSignal) =>
          this.sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: this.settings.queueUrl,
              AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
            }),
            { abortSignal },
          ),
        );
        const messages =
          Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
        this.depth = { messages, readAt: now, acceptedSince: 0 };
      } catch {
        // The estimate is advice: without a reading, the last one (or none) serves.
      }
    } else {
      this.depth.acceptedSince++;
    }
    return Math.max(1, Math.ceil((this.depth.messages + this.depth.acceptedSince) / this.settings.ratePerSecond));
  }
}

/** The same body whatever its key order or spacing; a body ClientToken equals the key and is left out. */
function fingerprintOf(body: unknown): string {
  const { ClientToken: _token, ...fields } = body as Record<string, unknown>;
  return createHash('sha256')
    .update(canonicalize(fields) ?? '')
    .digest('base64url');
}

/** The stage (or custom domain base path) that POST /tasks was called under, e.g. `/prod`. */
function basePath(event: APIGatewayProxyEvent): string {
  const path = event.requestContext?.path;
  if (path?.endsWith('/tasks')) return path.slice(0, -'/tasks'.length);
  return event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
}

function queueUnavailable(error: unknown): HttpError {
  console.error({ outcome: 'queue-unavailable', errorName: error instanceof Error ? error.name : typeof error });
  return new HttpError('QueueUnavailable', 'the request could not be queued; retry with the same Idempotency-Key', undefined, {
    'Retry-After': '1',
  });
}
