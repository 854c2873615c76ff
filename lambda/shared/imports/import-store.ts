import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEAD_LETTERED,
  IMPORT_COUNT_NAMES,
  IMPORT_ITEM_LINE,
  type ImportCounts,
  type ImportError,
  type ImportLineRef,
  type ImportLineStatus,
  type ImportStatus,
  type ImportStatusDocument,
  importStretchItemLine,
  importStretchOf,
  IMPORTS_TABLE,
} from '../../../lib/contract';

/** An import as the table holds it (line 0): the caller, the status, the counts of its file and the importer's checkpoint. */
export interface ImportItem extends Omit<ImportCounts, 'created' | 'failed'> {
  readonly importId: string;
  readonly line: typeof IMPORT_ITEM_LINE;
  readonly principal: string;
  readonly status: ImportStatus;
  readonly error?: ImportError;
  /** Bytes of the file validated and queued so far: where the importer resumes. */
  readonly offset: number;
  /** The number of the line that starts at `offset`. */
  readonly nextLine: number;
  /** Lines that were JSON at all: none means the file is not JSON Lines. */
  readonly jsonLines: number;
  /** Stretches of the file checkpointed so far. */
  readonly stretches: number;
  /** Stretches each of whose queued lines has an outcome: the import is delivered when every stretch is. */
  readonly doneStretches?: ReadonlySet<number>;
  readonly reportKey?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: number;
}

/** A line's outcome as the table holds it. A queued line has no item until the delivery function ends it. */
export interface ImportLineItem {
  readonly importId: string;
  readonly line: number;
  readonly status: ImportLineStatus;
  readonly contactId?: string;
  readonly error?: ImportError;
  readonly expiresAt: number;
}

/** A stretch's item (line `-(stretch + 1)`): its queued lines, and the lines among them that have ended, as sets so that counting a line again changes nothing. */
interface StretchItem {
  readonly queued?: number;
  readonly created?: ReadonlySet<number>;
  readonly failed?: ReadonlySet<number>;
  readonly createdCount?: number;
  readonly failedCount?: number;
}

/** What one stretch of the file adds to the import's counts. */
export interface ImportProgress {
  readonly lines: number;
  readonly invalid: number;
  readonly queued: number;
  readonly jsonLines: number;
}

const { timeToLiveAttribute } = IMPORTS_TABLE;
/** BatchWriteItem's limit. */
const BATCH_WRITE_ITEMS = 25;
/** A line the delivery function may still end: no outcome yet, or dead-lettered (a redrive brings it back). */
const LINE_OPEN = 'attribute_not_exists(#status) OR #status = :queued OR (#status = :failed AND #error.#code = :deadLettered)';

/**
 * The imports table. The import's item changes only under conditions: its status moves forward,
 * and the importer's checkpoint advances only from where it stood (a second importer of the same
 * file stops). A line's outcome is written once, then counted on its stretch's item by adding
 * its number to a set under the condition that the set does not hold it yet, so counting it
 * again, after a crash between the two writes, changes nothing; the stretch that is complete is
 * added the same way to the import's set of done stretches. Each step is one item's write, which
 * DynamoDB makes atomic, so no transaction is needed.
 */
export class ImportStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    private readonly retentionSeconds: number,
    client: DynamoDBClient = new DynamoDBClient({}),
  ) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Records a new import, waiting for its file. */
  async create(importId: string, principal: string, now: Date): Promise<ImportItem> {
    const at = now.toISOString();
    const item: ImportItem = {
      importId,
      line: IMPORT_ITEM_LINE,
      principal,
      status: 'WAITING_FOR_UPLOAD',
      ...zeroCounts(),
      offset: 0,
      nextLine: 1,
      jsonLines: 0,
      stretches: 0,
      createdAt: at,
      updatedAt: at,
      expiresAt: this.expiry(now),
    };
    await this.documents.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(importId)' }),
    );
    return item;
  }

  /** The import, or undefined when there is none or it has expired. */
  async read(importId: string, now: Date): Promise<ImportItem | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: { importId, line: IMPORT_ITEM_LINE }, ConsistentRead: true }),
    );
    const item = Item as ImportItem | undefined;
    return item && item.expiresAt >= epochSeconds(now) ? item : undefined;
  }

  /** WAITING_FOR_UPLOAD → VALIDATING; the import as it now stands, or undefined when it is past validating (or unknown). */
  async startValidating(importId: string, now: Date): Promise<ImportItem | undefined> {
    return this.updateImport(importId, now, {
      set: { status: 'VALIDATING' },
      condition: '#status IN (:waiting, :validating)',
      values: { ':waiting': 'WAITING_FOR_UPLOAD', ':validating': 'VALIDATING' },
    });
  }

  /**
   * Moves the checkpoint from `from` (bytes) to `to`, adding what that stretch held to the counts;
   * false when the checkpoint no longer stands at `from` (another importer moved it) or the import
   * is no longer validating.
   */
  async advance(importId: string, from: number, to: { offset: number; nextLine: number }, progress: ImportProgress, now: Date) {
    const item = await this.updateImport(importId, now, {
      set: { offset: to.offset, nextLine: to.nextLine },
      add: { ...progress, stretches: 1 },
      condition: '#offset = :from AND #status = :validating',
      values: { ':from': from, ':validating': 'VALIDATING' },
    });
    return item !== undefined;
  }

  /**
   * Ends validation at the checkpoint `offset`: QUEUED (its lines are being delivered) or FAILED
   * (the whole file refused). The import as it now stands, or undefined when another importer ended it.
   */
  async endValidation(importId: string, offset: number, outcome: ImportStatus, error: ImportError | undefined, now: Date) {
    return this.updateImport(importId, now, {
      set: { status: outcome, ...(error && { error }) },
      condition: '#offset = :from AND #status = :validating',
      values: { ':from': offset, ':validating': 'VALIDATING' },
    });
  }

  /** QUEUED → COMPLETED with its report; false when it is not QUEUED (already reported). */
  async complete(importId: string, reportKey: string, now: Date): Promise<boolean> {
    const item = await this.updateImport(importId, now, {
      set: { status: 'COMPLETED', reportKey },
      condition: '#status = :queued',
      values: { ':queued': 'QUEUED' },
    });
    return item !== undefined;
  }

  /** Records invalid lines. Writing one twice writes the same, so a stretch of the file done again is harmless. */
  async recordInvalid(importId: string, lines: ReadonlyArray<{ line: number; error: ImportError }>, now: Date): Promise<void> {
    const expiresAt = this.expiry(now);
    for (let i = 0; i < lines.length; i += BATCH_WRITE_ITEMS) {
      let requests = lines.slice(i, i + BATCH_WRITE_ITEMS).map(({ line, error }) => ({
        PutRequest: { Item: { importId, line, status: 'INVALID', error, expiresAt } satisfies ImportLineItem },
      }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(1000, 50 * 2 ** attempt));
        const { UnprocessedItems } = await this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  /** The outcome of a queued line, or undefined while it has none. */
  async readLine(ref: ImportLineRef): Promise<ImportLineItem | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { ...ref }, ConsistentRead: true }));
    return Item as ImportLineItem | undefined;
  }

  /** Whether a delivery of this line still has work to do: it has no outcome yet, or was dead-lettered. */
  isOpen(item: ImportLineItem | undefined): boolean {
    return item === undefined || item.status === 'QUEUED' || (item.status === 'FAILED' && item.error?.code === DEAD_LETTERED);
  }

  /**
   * Before a stretch's lines are sent: how many of them are queued. Setting it again sets the
   * same; a stretch with none is done at once.
   */
  async openStretch(importId: string, stretch: number, queued: number, now: Date): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { importId, line: importStretchItemLine(stretch) },
        UpdateExpression: 'SET queued = :queued, #expiresAt = :expiresAt',
        ExpressionAttributeNames: { '#expiresAt': timeToLiveAttribute },
        ExpressionAttributeValues: { ':queued': queued, ':expiresAt': this.expiry(now) },
      }),
    );
    if (queued === 0) await this.stretchDone(importId, stretch);
  }

  /** Writes the line's outcome, when it is still open, and counts it; true when that made the whole import delivered. */
  async endLine(ref: ImportLineRef, outcome: { status: 'CREATED' | 'FAILED'; contactId?: string; error?: ImportError }): Promise<boolean> {
    const line: ImportLineItem = { importId: ref.importId, line: ref.line, ...outcome, expiresAt: this.expiry(new Date()) };
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: line,
          ConditionExpression: LINE_OPEN,
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#code': 'code' },
          ExpressionAttributeValues: { ':queued': 'QUEUED', ':failed': 'FAILED', ':deadLettered': DEAD_LETTERED },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Ended by another delivery: count what it wrote, which that delivery may not have done yet.
      const ended = await this.readLine(ref);
      if (ended?.status !== 'CREATED' && ended?.status !== 'FAILED') return false;
      return this.countLine(ref, ended.status);
    }
    return this.countLine(ref, outcome.status);
  }

  /** Counts an ended line that may not have been counted (its delivery crashed in between); true when that made the import delivered. */
  async recount(ref: ImportLineRef): Promise<boolean> {
    const ended = await this.readLine(ref);
    return ended?.status === 'CREATED' || ended?.status === 'FAILED' ? this.countLine(ref, ended.status) : false;
  }

  /** Every line's outcome, in line order, a page at a time. */
  async *lines(importId: string): AsyncGenerator<ImportLineItem[]> {
    yield* this.pages(importId, '#line > :bound', IMPORT_ITEM_LINE) as AsyncGenerator<ImportLineItem[]>;
  }

  /** The import's created and failed lines: the sum of its stretches' counts. */
  async deliveredCounts(importId: string): Promise<Pick<ImportCounts, 'created' | 'failed'>> {
    let created = 0;
    let failed = 0;
    for await (const page of this.pages(importId, '#line < :bound', IMPORT_ITEM_LINE, 'createdCount, failedCount')) {
      for (const stretch of page as StretchItem[]) {
        created += Number(stretch.createdCount ?? 0);
        failed += Number(stretch.failedCount ?? 0);
      }
    }
    return { created, failed };
  }

  /**
   * Adds the line to its stretch's set of created or failed lines, unless the set holds it (a
   * dead-lettered line that a redrive created moves from failed to created); when that completes
   * the stretch, marks it done on the import. True when that made the import delivered.
   */
  private async countLine(ref: ImportLineRef, status: 'CREATED' | 'FAILED'): Promise<boolean> {
    const stretch = importStretchOf(ref.line);
    const key = { importId: ref.importId, line: importStretchItemLine(stretch) };
    const into = status === 'CREATED' ? 'created' : 'failed';
    const changes = [
      { update: `ADD #into :line, #intoCount :one`, condition: 'NOT contains(#into, :number) AND NOT contains(#other, :number)' },
      ...(status === 'CREATED'
        ? [
            {
              update: 'ADD #into :line, #intoCount :one, #otherCount :minusOne DELETE #other :line',
              condition: 'NOT contains(#into, :number) AND contains(#other, :number)',
            },
          ]
        : []),
    ];
    let counted: StretchItem | undefined;
    for (const { update, condition } of changes) {
      try {
        const { Attributes } = await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: {
              '#into': into,
              '#other': into === 'created' ? 'failed' : 'created',
              '#intoCount': `${into}Count`,
              ...(update.includes('#otherCount') && { '#otherCount': into === 'created' ? 'failedCount' : 'createdCount' }),
            },
            ExpressionAttributeValues: {
              ':line': new Set([ref.line]),
              ':number': ref.line,
              ':one': 1,
              ...(update.includes(':minusOne') && { ':minusOne': -1 }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        counted = Attributes as StretchItem;
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    counted ??= (await this.documents.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })))
      .Item as StretchItem;
    const ended = Number(counted.createdCount ?? 0) + Number(counted.failedCount ?? 0);
    return counted.queued !== undefined && ended >= counted.queued ? this.stretchDone(ref.importId, stretch) : false;
  }

  /** Marks a stretch done on the import; true when the import is QUEUED and every stretch of it is done. */
  private async stretchDone(importId: string, stretch: number): Promise<boolean> {
    const { Attributes } = await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { importId, line: IMPORT_ITEM_LINE },
        UpdateExpression: 'ADD doneStretches :stretch',
        ConditionExpression: 'attribute_exists(importId)',
        ExpressionAttributeValues: { ':stretch': new Set([stretch]) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return isDelivered(Attributes as ImportItem);
  }

  private async *pages(importId: string, condition: string, bound: number, projection?: string): AsyncGenerator<object[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: `importId = :importId AND ${condition}`,
          ExpressionAttributeNames: { '#line': 'line' },
          ExpressionAttributeValues: { ':importId': importId, ':bound': bound },
          ProjectionExpression: projection,
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      yield page.Items ?? [];
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  /** Sets, adds and stamps the import's item under `condition`; the item as it now stands, or undefined when the condition failed. */
  private async updateImport(
    importId: string,
    now: Date,
    change: { set: Record<string, unknown>; add?: Record<string, number>; condition: string; values: Record<string, unknown> },
  ): Promise<ImportItem | undefined> {
    const set = { ...change.set, updatedAt: now.toISOString(), [timeToLiveAttribute]: this.expiry(now) };
    // DynamoDB refuses names the expressions do not use.
    const names: Record<string, string> = Object.fromEntries(
      Object.entries({ '#status': 'status', '#offset': 'offset' }).filter(([name]) => change.condition.includes(name)),
    );
    const values: Record<string, unknown> = { ...change.values };
    const setParts = Object.entries(set).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    const addParts = Object.entries(change.add ?? {}).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { importId, line: IMPORT_ITEM_LINE },
          UpdateExpression: `SET ${setParts.join(', ')}${addParts.length ? ` ADD ${addParts.join(', ')}` : ''}`,
          ConditionExpression: `attribute_exists(importId) AND (${change.condition})`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as ImportItem;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private expiry(now: Date): number {
    return epochSeconds(now) + this.retentionSeconds;
  }
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

const zeroCounts = () => ({ lines: 0, invalid: 0, queued: 0 });

/** Every stretch of the file validated, and each done: every queued line has an outcome. */
export function isDelivered(item: ImportItem | undefined): boolean {
  return item?.status === 'QUEUED' && (item.doneStretches?.size ?? 0) >= item.stretches;
}

/** The import as the document its caller reads, without the report link (the status function adds it). */
export function importDocument(
  item: ImportItem,
  delivered: Pick<ImportCounts, 'created' | 'failed'>,
): Omit<ImportStatusDocument, 'report'> {
  const all = { ...item, ...delivered };
  const counts = Object.fromEntries(IMPORT_COUNT_NAMES.map((name) => [name, Number(all[name] ?? 0)])) as unknown as ImportCounts;
  const { importId, status, error, createdAt, updatedAt } = item;
  return { importId, status, counts, ...(error && { error }), createdAt, updatedAt };
}
