import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  DEAD_LETTERED,
  type ImportJob,
  type ImportsSettings,
  type QueuedTaskRequest,
  SCHEDULED_OCCURRENCE_FINGERPRINT,
} from '../../lib/contract';
import type { RequestStatusStore } from '../shared/async-delivery/request-status-store';
import type { ImportStore } from '../shared/imports/import-store';

/** Where a queued message's outcome is recorded: a request's status, or a line of a bulk import. */
export interface DeliveryRecord {
  /** Whether the message still has work to do (no outcome yet, or dead-lettered). */
  isOpen(): Promise<boolean>;
  /** For a message that has an outcome already: whatever a delivery that crashed after writing it left undone. */
  settle(): Promise<void>;
  created(contactId: string): Promise<void>;
  failed(error: { code: string; message: string }): Promise<void>;
  deadLettered(): Promise<void>;
}

export interface DeliveryStores {
  readonly requests: RequestStatusStore;
  /** With bulk imports: the imports table, and the importer's queue that is told when an import's last line ended. */
  readonly imports?: { readonly store: ImportStore; readonly sqs: SQSClient; readonly settings: ImportsSettings };
}

/** The record of `message`: its import line when it is one, its request status otherwise. */
export function deliveryRecord(message: QueuedTaskRequest, stores: DeliveryStores): DeliveryRecord {
  const ref = message.importLine;
  if (ref) {
    if (!stores.imports) throw new Error('a line of a bulk import reached a delivery function without the imports settings');
    const { store, sqs, settings } = stores.imports;
    /** When the line was the import's last to end, the importer is asked for the report. */
    const ended = async (delivered: boolean) => {
      if (!delivered) return;
      const job: ImportJob = { importJob: 'report', importId: ref.importId };
      await sqs.send(new SendMessageCommand({ QueueUrl: settings.jobQueueUrl, MessageBody: JSON.stringify(job) }));
    };
    return {
      isOpen: async () => store.isOpen(await store.readLine(ref)),
      settle: async () => ended(await store.recount(ref)),
      created: async (contactId) => ended(await store.endLine(ref, { status: 'CREATED', contactId })),
      failed: async (error) => ended(await store.endLine(ref, { status: 'FAILED', error })),
      deadLettered: async () =>
        ended(
          await store.endLine(ref, {
            status: 'FAILED',
            error: { code: DEAD_LETTERED, message: 'delivery to Amazon Connect kept failing; the line is in the dead-letter queue' },
          }),
        ),
    };
  }
  const { requests } = stores;
  const key = { requestId: message.requestId, principal: message.principal };
  return {
    isOpen: async () => {
      const current = await requests.read(key, new Date());
      // Scheduler only sends the message: the occurrence's status starts here (conditional, so once).
      if (!current && message.sentBy === 'scheduler') await requests.create(key, SCHEDULED_OCCURRENCE_FINGERPRINT, new Date());
      return requests.isOpen(current);
    },
    settle: () => Promise.resolve(),
    created: async (contactId) => void (await requests.markCreated(key, contactId, new Date())),
    failed: async (error) => void (await requests.markFailed(key, error, new Date())),
    deadLettered: async () => void (await requests.markDeadLettered(key, new Date())),
  };
}
