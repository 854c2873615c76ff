import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type ImportReportLine, importReportKey } from '../../lib/contract';
import { type ImportLineItem, type ImportStore, isDelivered } from '../shared/imports/import-store';

/**
 * Writes the report of an import whose lines have all ended, and marks it COMPLETED: one JSON
 * Lines entry per line of the file, in order, streamed from the table to S3 a page at a time (a
 * multipart upload), so memory stays flat whatever the file. Writing it twice writes the same
 * object; nothing is done for an import that is not QUEUED with every line ended.
 */
export async function writeReport(s3: S3Client, bucket: string, store: ImportStore, importId: string): Promise<boolean> {
  const item = await store.read(importId, new Date());
  if (!isDelivered(item)) return false;
  const key = importReportKey(importId);
  await new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: Readable.from(reportText(store.lines(importId))), ContentType: 'application/jsonl' },
  }).done();
  return store.complete(importId, key, new Date());
}

async function* reportText(pages: AsyncIterable<ImportLineItem[]>): AsyncGenerator<string> {
  for await (const page of pages) {
    if (page.length > 0) yield page.map((item) => `${JSON.stringify(reportLine(item))}\n`).join('');
  }
}

function reportLine(item: ImportLineItem): ImportReportLine {
  const { line, status, contactId, error } = item;
  return { line: Number(line), status: status === 'QUEUED' ? 'FAILED' : status, ...(contactId && { contactId }), ...(error && { error }) };
}
