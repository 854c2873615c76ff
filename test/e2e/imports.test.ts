import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type ImportCreatedDocument, type ImportReportLine, type ImportStatusDocument, TASK_LIMITS } from '../../lib/contract';
import { codeBlock } from '../docs/code-blocks';
import { INSTANCE, seedWith } from '../emulator/fixtures';
import { type AsyncStack, signedBy, startAsyncStack } from './async-harness';
import { importSettled, readReport, startImport, uploadImport } from './imports-harness';

/**
 * Bulk imports end to end on real parts: moto's S3 (the presigned upload and its object
 * notification) and DynamoDB, ElasticMQ, the Connect emulator and the bundled handlers, the
 * importer and the delivery function driven as Lambda's SQS event sources drive them.
 */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const task = (name: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ Name: name, ContactFlowId: INSTANCE.flowId, ...fields });

/** The kinds of invalid line a file may hold, each with the code and message its report line carries. */
const INVALID_LINES: Array<{ kind: string; bytes: () => Buffer; code: string; message: RegExp }> = [
  { kind: 'not JSON', bytes: () => Buffer.from('Name,ContactFlowId'), code: 'ValidationError', message: /not valid JSON/ },
  { kind: 'a broken rule', bytes: () => Buffer.from(task('')), code: 'ValidationError', message: /rules listed in details/ },
  { kind: 'an unknown field', bytes: () => Buffer.from(task('Typo', { Descripton: 'x' })), code: 'ValidationError', message: /rules/ },
  {
    kind: 'not UTF-8',
    bytes: () => Buffer.from([...Buffer.from('{"Name":"caf'), 0xe9, ...Buffer.from('"}')]),
    code: 'ValidationError',
    message: /not valid UTF-8/,
  },
  { kind: 'empty', bytes: () => Buffer.alloc(0), code: 'ValidationError', message: /empty/ },
  {
    kind: 'over the body limit',
    bytes: () => Buffer.from(task('Large', { Description: 'x'.repeat(TASK_LIMITS.bodyMaxBytes) })),
    code: 'PayloadTooLarge',
    message: /limit is 262144/,
  },
];

/** A file of `lines` lines: every 97th line invalid (the kinds in turn), and pairs of lines that repeat one ClientToken. */
function importFile(lines: number): { content: Buffer; invalid: Map<number, (typeof INVALID_LINES)[number]>; tokens: Map<number, string> } {
  const invalid = new Map<number, (typeof INVALID_LINES)[number]>();
  const tokens = new Map<number, string>();
  const parts: Buffer[] = [];
  for (let line = 1; line <= lines; line++) {
    if (line % 97 === 0) {
      const kind = INVALID_LINES[(line / 97) % INVALID_LINES.length];
      invalid.set(line, kind);
      parts.push(kind.bytes());
    } else if (line % 50 === 1 && line > 1 && !invalid.has(line - 1)) {
      // The same task as the line before it, sent again with the same ClientToken: one task.
      const token = `nightly-${line - 1}`;
      tokens.set(line - 1, token).set(line, token);
      parts.pop();
      const body = Buffer.from(task(`Repeated ${line - 1}`, { ClientToken: token }));
      parts.push(body, body);
    } else {
      parts.push(Buffer.from(task(`Task ${line}`)));
    }
  }
  return { content: Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from('\n'), part]))), invalid, tokens };
}

const caller = signedBy('AKIAIMPORTCALLER0001');
const tasksInEmulator = (stack: AsyncStack) => [...stack.emulator.state.contacts.values()].filter((c) => c.Channel === 'TASK');

describe('a bulk import', () => {
  let stack: AsyncStack;
  let starting: Promise<AsyncStack> | undefined;
  beforeAll(async () => {
    starting = startAsyncStack({
      emulator: { throttle: 'off', seed: seedWith({ activeTaskQuota: 100_000 }) },
      // The importer's queue gives a crashed run's file back after 2 s instead of six function timeouts.
      delivery: { ratePerSecond: 500, imports: { maxBytes: MAX_IMPORT_BYTES, visibilityTimeoutSeconds: 2 } },
    });
    stack = await starting;
  }, 300_000);
  afterAll(async () => (await starting?.catch(() => undefined))?.close(), 60_000);

  test('of 10,000 lines creates every valid line once and reports each invalid line by its number', async () => {
    // GIVEN a file of 10,000 lines with invalid lines of six kinds and pairs of lines with one ClientToken
    const file = importFile(10_000);
    const before = tasksInEmulator(stack).length;

    // WHEN it is imported and the import settles
    const importId = await startImport(stack, file.content, caller);
    const done = await importSettled(stack, importId, 840_000, caller);
    const report = await readReport(done);

    // THEN the counts add up: every line read, the invalid ones counted, every valid one created
    const valid = 10_000 - file.invalid.size;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      counts: { lines: 10_000, invalid: file.invalid.size, queued: valid, created: valid, failed: 0 },
    });
    // AND the report has one line per line of the file, in order
    expect(report.map((r) => r.line)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    // AND each invalid line is reported at its number with the code and message of its kind
    for (const [line, kind] of file.invalid) {
      expect({ line, ...pick(report[line - 1]) }).toEqual({
        line,
        status: 'INVALID',
        code: kind.code,
        message: expect.stringMatching(kind.message),
      });
    }
    // AND lines that repeat a ClientToken are one task; every other valid line is a task of its own, created once
    const created = report.filter((r) => r.status === 'CREATED');
    expect(created).toHaveLength(valid);
    for (const [line, token] of file.tokens) {
      const partner = [...file.tokens].find(([other, t]) => t === token && other !== line)![0];
      expect(report[line - 1].contactId).toBe(report[partner - 1].contactId);
    }
    const contactIds = new Set(created.map((r) => r.contactId));
    expect(contactIds.size).toBe(valid - file.tokens.size / 2);
    expect(tasksInEmulator(stack).length - before).toBe(contactIds.size);
    // AND the status document and the report lines docs/imports.md shows have the shape of these
    const shown = JSON.parse(codeBlock('docs/imports.md', 'import-status-document')) as ImportStatusDocument;
    expect(Object.keys(done).sort()).toEqual(Object.keys(shown).sort());
    expect(Object.keys(done.counts)).toEqual(Object.keys(shown.counts));
    for (const text of codeBlock('docs/imports.md', 'import-report-lines').trim().split('\n')) {
      const line = JSON.parse(text) as ImportReportLine;
      const real = report[line.line - 1];
      expect([real.status, real.error?.code, Object.keys(real).sort()]).toEqual([line.status, line.error?.code, Object.keys(line).sort()]);
    }
  }, 900_000);

  test('completes after the importer and the delivery function die mid-file several times, with none lost and none created twice', async () => {
    // GIVEN a file of 5,000 valid lines
    const lines = 5000;
    const content = Array.from({ length: lines }, (_, i) => task(`Drill ${i + 1}`)).join('\n');
    const before = tasksInEmulator(stack).length;

    // WHEN it is imported, and while it is validated and delivered the importer's containers and
    // the delivery function's are killed, several times each
    const importId = await startImport(stack, content, caller);
    let importerCrashes = 0;
    let deliveryCrashes = 0;
    let seenLines = -1;
    for (let round = 0; round < 600 && (importerCrashes < 3 || deliveryCrashes < 3); round++) {
      const { body } = await stack.get(`/tasks/imports/${importId}`, caller);
      const document = body as unknown as ImportStatusDocument;
      if (document.status === 'VALIDATING' && document.counts.lines > seenLines && importerCrashes < 3) {
        seenLines = document.counts.lines;
        await Promise.all([stack.delivery.imports!.importer.crash(0), stack.delivery.imports!.importer.crash(1)]);
        importerCrashes++;
      } else if (document.counts.created > 0 && deliveryCrashes < 3 && document.status !== 'COMPLETED') {
        await Promise.all([stack.delivery.eventSource.crash(0), stack.delivery.eventSource.crash(1)]);
        deliveryCrashes++;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const done = await importSettled(stack, importId, 840_000, caller);
    const report = await readReport(done);

    // THEN both were killed mid-run, and the import still completed with every line created once
    expect(importerCrashes).toBeGreaterThanOrEqual(1);
    expect(deliveryCrashes).toBeGreaterThanOrEqual(1);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { lines, invalid: 0, queued: lines, created: lines, failed: 0 } });
    expect(new Set(report.map((r) => r.contactId)).size).toBe(lines);
    expect(tasksInEmulator(stack).length - before).toBe(lines);
  }, 900_000);

  test.each([
    ['fails if the file is empty', Buffer.alloc(0), 'EmptyImport'],
    ['fails if the file is UTF-16', Buffer.from(`\ufeff${task('Wide')}\n`, 'utf16le'), 'NotUtf8'],
    ['fails if no line is JSON (a CSV)', Buffer.from('Name,ContactFlowId\nCall back,flow\n'), 'NotJsonLines'],
    ['fails if the file is larger than the limit', Buffer.alloc(MAX_IMPORT_BYTES + 1, '\n'), 'ImportTooLarge'],
  ])(
    '%s, and says why',
    async (_title, content, code) => {
      // GIVEN a file that is refused as a whole
      // WHEN it is imported
      const importId = await startImport(stack, content, caller);
      const done = await importSettled(stack, importId, 60_000, caller);
      // THEN the import is FAILED with the code that says why, and nothing was queued
      expect(done).toMatchObject({ status: 'FAILED', error: { code }, counts: { queued: 0 } });
      expect(done.report).toBeUndefined();
    },
    120_000,
  );

  test('is shown only to the caller who started it', async () => {
    // GIVEN an import started by one caller
    const importId = await startImport(stack, `${task('Mine')}\n`, caller);
    // WHEN another caller asks for it
    const other = await stack.get(`/tasks/imports/${importId}`, signedBy('AKIAIMPORTCALLER0002'));
    // THEN it gets the 404 an unknown id gets
    expect(other.status).toBe(404);
    expect(other.body.error?.code).toBe('ImportNotFound');
    expect((await stack.get('/tasks/imports/00000000-0000-4000-8000-000000000000', caller)).body.error?.code).toBe('ImportNotFound');
    // AND its own caller sees it
    expect((await stack.get(`/tasks/imports/${importId}`, caller)).status).toBe(200);
  }, 60_000);

  test('hands out an upload limited to its key, its size and its time', async () => {
    // GIVEN a new import
    const created = await stack.post('', { Prefer: '', ...caller }, '/tasks/imports');
    const { importId, upload, expiresAt } = created.body as unknown as ImportCreatedDocument;
    // WHEN its presigned POST policy is read
    const policy = JSON.parse(Buffer.from(upload.fields.Policy, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    // THEN it is a 201 whose policy allows exactly this import's key, 1 byte to the limit, until expiresAt
    expect(created.status).toBe(201);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([{ key: `imports/${importId}/upload.jsonl` }, ['content-length-range', 1, MAX_IMPORT_BYTES]]),
    );
    expect(Math.abs(Date.parse(policy.expiration) - Date.parse(expiresAt))).toBeLessThan(5000);
    // AND the import waits for its file until it is uploaded
    expect((await stack.get(`/tasks/imports/${importId}`, caller)).body).toMatchObject({ status: 'WAITING_FOR_UPLOAD' });
    expect((await uploadImport(upload, `${task('Late')}\n`)).ok).toBe(true);
  }, 60_000);
});

function pick(line: ImportReportLine): { status: string; code?: string; message?: string } {
  return { status: line.status, code: line.error?.code, message: line.error?.message };
}
