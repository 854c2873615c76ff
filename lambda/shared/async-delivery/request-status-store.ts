import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEAD_LETTERED, type RequestStatus, type RequestStatusDocument, STATUS_TABLE } from '../../../lib/contract';

/** A status item as the table holds it. */
export interface RequestStatusItem extends RequestStatusDocument {
  readonly principal: string;
  /** SHA-256 of the request's canonical JSON: the same Idempotency-Key with another body is refused. */
  readonly fingerprint: string;
  /** Epoch seconds; DynamoDB's TTL deletes the item some time after, and reads ignore it from then on. */
  readonly expiresAt: number;
}

export interface RequestKey {
  readonly requestId: string;
  readonly principal: string;
}

const { partitionKey, timeToLiveAttribute } = STATUS_TABLE;
const QUEUED: RequestStatus = 'QUEUED';
const FAILED: RequestStatus = 'FAILED';

/**
 * A request may still be delivered while it is queued, was dead-lettered (a redriven message
 * brings it back), or its item is gone or expired (TTL deletes lazily).
 */
const STILL_OPEN =
  'attribute_not_exists(#pk) OR #expiresAt < :nowSeconds OR #status = :queued OR (#status = :failed AND #error.#code = :deadLettered)';

/**
 * The status table of queued requests. Every write is conditional, so a late or duplicated
 * delivery never overwrites an outcome, and reads treat an expired item as absent.
 */
export class RequestStatusStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    private readonly retentionSeconds: number,
    client: DynamoDBClient = new DynamoDBClient({}),
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Stores a new QUEUED request; false when one with this key exists and has not expired. */
  async create(key: RequestKey, fingerprint: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const item: RequestStatusItem = {
      ...key,
      status: QUEUED,
      fingerprint,
      createdAt: at,
      updatedAt: at,
      expiresAt: this.expiry(now),
    };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt < :nowSeconds',
          ExpressionAttributeNames: { '#pk': partitionKey, '#expiresAt': timeToLiveAttribute },
          ExpressionAttributeValues: { ':nowSeconds': epochSeconds(now) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The request's item, or undefined when there is none or it has expired. */
  async read(key: RequestKey, now: Date): Promise<RequestStatusItem | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const item = Item as RequestStatusItem | undefined;
    return item && item.expiresAt >= epochSeconds(now) ? item : undefined;
  }

  /** Removes a request created by `create` at `createdAt` that never reached the queue; a later write wins. */
  async forget(key: RequestKey, createdAt: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: '#status = :queued AND #createdAt = :createdAt',
          ExpressionAttributeNames: { '#status': 'status', '#createdAt': 'createdAt' },
          ExpressionAttributeValues: { ':queued': QUEUED, ':createdAt': createdAt },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Whether a delivery of this request still has work to do (see STILL_OPEN). */
  isOpen(item: RequestStatusItem | undefined): boolean {
    return item === undefined || item.status === QUEUED || (item.status === FAILED && item.error?.code === DEAD_LETTERED);
  }

  /** QUEUED (or dead-lettered, or gone) → CREATED; false when another delivery already ended it. */
  markCreated(key: RequestKey, contactId: string, now: Date): Promise<boolean> {
    return this.end(key, now, STILL_OPEN, { status: 'CREATED', contactId });
  }

  /** QUEUED (or dead-lettered, or gone) → FAILED with Connect's refusal. */
  markFailed(key: RequestKey, error: { code: string; message: string }, now: Date): Promise<boolean> {
    return this.end(key, now, STILL_OPEN, { status: FAILED, error });
  }

  /** QUEUED → FAILED (DeadLettered): the message used up its receives and moves to the dead-letter queue. */
  markDeadLettered(key: RequestKey, now: Date): Promise<boolean> {
    const error = {
      code: DEAD_LETTERED,
      message: 'delivery to Amazon Connect kept failing; the request is in the dead-letter queue and is retried if it is redriven',
    };
    return this.end(key, now, '#status = :queued', { status: FAILED, error });
  }

  /** Writes an outcome under `condition`; the item lives `retentionSeconds` from now, so its outcome can be read that long. */
  private async end(
    key: RequestKey,
    now: Date,
    condition: string,
    outcome: { status: RequestStatus; contactId?: string; error?: { code: string; message: string } },
  ): Promise<boolean> {
    const at = now.toISOString();
    const set = ['#status = :status', 'updatedAt = :at', 'createdAt = if_not_exists(createdAt, :at)', '#expiresAt = :expiresAt'];
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':at': at,
      ':expiresAt': this.expiry(now),
      ':nowSeconds': epochSeconds(now),
      ':queued': QUEUED,
      ':failed': FAILED,
      ':deadLettered': DEAD_LETTERED,
    };
    if (outcome.contactId !== undefined) {
      set.push('contactId = :contactId');
      values[':contactId'] = outcome.contactId;
    }
    if (outcome.error !== undefined) {
      set.push('#error = :error');
      values[':error'] = outcome.error;
    }
    const remove = outcome.error === undefined ? ' REMOVE #error' : '';
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${set.join(', ')}${remove}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#expiresAt': timeToLiveAttribute,
            '#error': 'error',
            ...(condition === STILL_OPEN && { '#pk': partitionKey, '#code': 'code' }),
          },
          ExpressionAttributeValues: pickUsed(values, `${set.join(' ')} ${condition}`),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private expiry(now: Date): number {
    return epochSeconds(now) + this.retentionSeconds;
  }
}

/** DynamoDB refuses expression values that the expressions do not use. */
function pickUsed(values: Record<string, unknown>, expressions: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => new RegExp(`${name}\\b`).test(expressions)));
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The item as the status document a caller reads: the table's bookkeeping left out. */
export function statusDocument(item: RequestStatusItem): RequestStatusDocument {
  const { requestId, status, contactId, error, createdAt, updatedAt } = item;
  return { requestId, status, ...(contactId && { contactId }), ...(error && { error }), createdAt, updatedAt };
}
