import type { ImportCreatedDocument, ImportReportLine, ImportStatusDocument } from '../../lib/contract';
import type { AsyncStack } from './async-harness';

/** Uploads `content` with a presigned POST as a browser form would: the policy's fields, then the file. */
export async function uploadImport(upload: ImportCreatedDocument['upload'], content: Buffer | string): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([typeof content === 'string' ? Buffer.from(content, 'utf8') : content]), 'tasks.jsonl');
  return fetch(upload.url, { method: 'POST', body: form });
}

/** POST /tasks/imports, then the file uploaded to the answer's presigned POST; the import's id. */
export async function startImport(stack: AsyncStack, content: Buffer | string, headers: Record<string, string> = {}): Promise<string> {
  const created = await stack.post('', { Prefer: '', ...headers }, '/tasks/imports');
  if (created.status !== 201) throw new Error(`POST /tasks/imports answered ${created.status}: ${JSON.stringify(created.body)}`);
  const { importId, upload } = created.body as unknown as ImportCreatedDocument;
  const uploaded = await uploadImport(upload, content);
  if (!uploaded.ok) throw new Error(`the upload answered ${uploaded.status}: ${await uploaded.text()}`);
  return importId;
}

/** Polls an import until it is COMPLETED or FAILED. */
export async function importSettled(
  stack: AsyncStack,
  importId: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<ImportStatusDocument> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await stack.get(`/tasks/imports/${importId}`, headers);
    const document = response.body as unknown as ImportStatusDocument;
    if (document.status === 'COMPLETED' || document.status === 'FAILED') return document;
    if (Date.now() > until)
      throw new Error(`import ${importId} still ${document.status} after ${timeoutMs} ms: ${JSON.stringify(document)}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** The report's lines, read from its link. */
export async function readReport(document: ImportStatusDocument): Promise<ImportReportLine[]> {
  const response = await fetch(document.report!.url);
  if (!response.ok) throw new Error(`the report link answered ${response.status}`);
  return (await response.text())
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ImportReportLine);
}
