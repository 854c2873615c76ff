import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  IMPORT_ID_PARAMETER,
  IMPORT_REPORT_LINK_SECONDS,
  TASK_ROUTES,
  type ImportStatusDocument,
  readImportsEnvironment,
} from '../../lib/contract';
import { callerPrincipal } from '../shared/http/caller-principal';
import { HttpError } from '../shared/http/http-error';
import { httpHandler } from '../shared/http/http-handler';
import { importDocument, ImportStore } from '../shared/imports/import-store';

const imports =
  readImportsEnvironment(process.env) ??
  (() => {
    throw new Error('the import status function needs its imports settings');
  })();
const s3 = new S3Client({});
const store = new ImportStore(imports.table, imports.retentionSeconds);

/**
 * GET /tasks/imports/{importId}: an import's state and counts, to the caller who started it, and
 * once it is COMPLETED a link to its report that works for an hour. An unknown id, an expired
 * one and another caller's are the same 404.
 */
export const handler = httpHandler(`${TASK_ROUTES.importStatus.method} ${TASK_ROUTES.importStatus.resource}`, async (event) => {
  const importId = event.pathParameters?.[IMPORT_ID_PARAMETER];
  const item = importId ? await store.read(importId, new Date()) : undefined;
  if (!item || item.principal !== callerPrincipal(event)) {
    throw new HttpError('ImportNotFound', 'no import with this id was started by you, or it has expired');
  }
  const delivered = await store.deliveredCounts(item.importId);
  const document: ImportStatusDocument = { ...importDocument(item, delivered), ...(item.reportKey && (await reportLink(item.reportKey))) };
  return { status: 200, body: document, log: { outcome: 'import-status', importId, importStatus: item.status } };
});

async function reportLink(key: string): Promise<Pick<ImportStatusDocument, 'report'>> {
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: imports.bucket, Key: key }), { expiresIn: IMPORT_REPORT_LINK_SECONDS });
  return { report: { url, expiresAt: new Date(Date.now() + IMPORT_REPORT_LINK_SECONDS * 1000).toISOString() } };
}
