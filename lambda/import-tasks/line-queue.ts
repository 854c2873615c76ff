import { setTimeout as sleep } from 'node:timers/promises';
import { type SendMessageBatchRequestEntry, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueuedTaskRequest } from '../../lib/contract';

/** SendMessageBatch's limits: 10 messages, and their bodies together at most 256 KiB. */
const BATCH_MESSAGES = 10;
const BATCH_BYTES = 256 * 1024;
const ATTEMPTS = 5;

/**
 * Sends valid lines to the queue of queued delivery, ten to a SendMessageBatch call (fewer when
 * their bodies would pass the batch's byte limit), retrying the entries SQS did not take. Throws
 * when some are still not taken: the stretch is then done again from its checkpoint.
 */
export class LineQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly QueuedTaskRequest[]): Promise<void> {
    for (const batch of batches(messages.map((m) => JSON.stringify(m)))) {
      let entries: SendMessageBatchRequestEntry[] = batch.map((body, i) => ({ Id: String(i), MessageBody: body }));
      for (let attempt = 1; entries.length > 0; attempt++) {
        const { Failed = [] } = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failedIds = new Set(Failed.map((f) => f.Id));
        entries = entries.filter((e) => failedIds.has(e.Id));
        if (entries.length === 0) break;
        if (attempt === ATTEMPTS || Failed.some((f) => f.SenderFault)) {
          throw new Error(`SQS refused ${entries.length} line messages: ${[...new Set(Failed.map((f) => f.Code))].join(', ')}`);
        }
        await sleep(100 * 2 ** attempt);
      }
    }
  }
}

function* batches(bodies: readonly string[]): Generator<string[]> {
  let batch: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (batch.length === BATCH_MESSAGES || (batch.length > 0 && bytes + size > BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(body);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
