import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, S3Event, SQSBatchResponse, SQSRecord } from 'aws-lambda';
import {
  type ImportJob,
  importIdOfUploadKey,
  readAsyncDeliveryEnvironment,
  readImportsEnvironment,
  readStartTaskEnvironment,
  readTaskMetricsApiName,
} from '../../lib/contract';
import { ImportStore, isDelivered } from '../shared/imports/import-store';
import { publishTaskMetrics } from '../shared/observability/embedded-metrics';
import { importFile } from './file-import';
import { writeReport } from './import-report';
import { LineQueue } from './line-queue';

const config = readStartTaskEnvironment(process.env);
const delivery = readAsyncDeliveryEnvironment(process.env);
const imports = readImportsEnvironment(process.env);
if (!delivery || !imports) throw new Error('the importer needs the queued delivery and imports settings');
const s3 = new S3Client({});
const sqs = new SQSClient({});
const store = new ImportStore(imports.table, imports.retentionSeconds);
const queue = new LineQueue(sqs, delivery.queueUrl);
const apiName = readTaskMetricsApiName(process.env);

/** Time kept at the end of an invocation to finish a stretch of lines and hand the rest on: a minute, or a quarter of a short timeout. */
const HAND_ON_MARGIN_MS = 60_000;

/**
 * The importer, fed by its queue one message at a time: S3's notification that a file was
 * uploaded, or a job of its own (go on from the checkpoint; write the report). A run that nears
 * the function's timeout stops at a checkpoint and queues a job to go on from there; a run that
 * crashes leaves its message to come back after the visibility timeout, and that run goes on from
 * the checkpoint too.
 */
export async function handler(event: { Records: SQSRecord[] }, context: Context): Promise<SQSBatchResponse> {
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records) {
    try {
      for (const job of jobsOf(record)) await run(job, context);
    } catch (error) {
      console.error({
        outcome: 'import-error',
        messageId: record.messageId,
        errorName: error instanceof Error ? error.name : typeof error,
      });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

async function run(job: ImportJob, context: Context): Promise<void> {
  const { importId } = job;
  if (job.importJob === 'report') {
    const written = await writeReport(s3, imports!.bucket, store, importId);
    console.info({ outcome: written ? 'import-completed' : 'report-not-due', importId });
    return;
  }
  const started = await store.startValidating(importId, new Date());
  if (!started) {
    console.info({ outcome: 'import-not-validating', importId });
    return;
  }
  const deps = { s3, store, queue, imports: imports!, config };
  const margin = Math.min(HAND_ON_MARGIN_MS, context.getRemainingTimeInMillis() / 4);
  const result = await importFile(deps, started, () => context.getRemainingTimeInMillis() > margin);
  if (!result.done) {
    const next: ImportJob = { importJob: 'continue', importId };
    await sqs.send(new SendMessageCommand({ QueueUrl: imports!.jobQueueUrl, MessageBody: JSON.stringify(next) }));
    console.info({ outcome: 'import-handed-on', importId });
    return;
  }
  const ended = result.import;
  console.info({ outcome: 'import-validated', importId, status: ended?.status, lines: ended?.lines, invalid: ended?.invalid });
  if (ended?.status === 'FAILED') publishTaskMetrics(apiName, { FailedImports: 1 });
  if (isDelivered(ended)) await writeReport(s3, imports!.bucket, store, importId);
}

/** The jobs a queue message asks for: S3's notification of uploaded files (its test event asks for none), or a job of the importer's own. */
function jobsOf(record: SQSRecord): ImportJob[] {
  const body = JSON.parse(record.body) as Partial<S3Event> & Partial<ImportJob>;
  if (body.importJob && body.importId) return [{ importJob: body.importJob, importId: body.importId }];
  return (body.Records ?? []).flatMap((r) => {
    // S3 writes the key URL-encoded, spaces as '+'.
    const importId = importIdOfUploadKey(decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')));
    return importId ? [{ importJob: 'continue' as const, importId }] : [];
  });
}
