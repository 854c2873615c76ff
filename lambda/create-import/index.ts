import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { TASK_ROUTES, type ImportCreatedDocument, importStatusPath, importUploadKey, readImportsEnvironment } from '../../lib/contract';
import { callerPrincipal } from '../shared/http/caller-principal';
import { httpHandler } from '../shared/http/http-handler';
import { ImportStore } from '../shared/imports/import-store';

const imports =
  readImportsEnvironment(process.env) ??
  (() => {
    throw new Error('the import function needs its imports settings');
  })();
const s3 = new S3Client({});
const store = new ImportStore(imports.table, imports.retentionSeconds);

/**
 * POST /tasks/imports: records a new import for its caller and answers 201 with a presigned S3
 * POST for its one file. The upload may write only that import's key, only between 1 byte and
 * the size limit, and only until `expiresAt`; it is signed with this function's role, which may
 * put objects only under the imports prefix, so the caller needs no S3 permission of its own.
 */
export const handler = httpHandler(`${TASK_ROUTES.createImport.method} ${TASK_ROUTES.createImport.resource}`, async (event) => {
  const importId = randomUUID();
  const now = new Date();
  await store.create(importId, callerPrincipal(event), now);
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: imports.bucket,
    Key: importUploadKey(importId),
    Conditions: [['content-length-range', 1, imports.maxBytes]],
    Expires: imports.uploadExpirySeconds,
  });
  const body: ImportCreatedDocument = {
    importId,
    upload: { url, fields },
    expiresAt: new Date(now.getTime() + imports.uploadExpirySeconds * 1000).toISOString(),
  };
  return { status: 201, body, headers: { Location: importStatusPath(importId) }, log: { outcome: 'import-created', importId } };
});
