import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  IMPORT_FILE_ERRORS,
  IMPORT_STRETCH_LINES,
  type ImportError,
  type ImportFileErrorCode,
  type ImportsSettings,
  importStretchOf,
  importUploadKey,
  type StartTaskConfig,
  TASK_LIMITS,
} from '../../lib/contract';
import type { ImportItem, ImportProgress, ImportStore } from '../shared/imports/import-store';
import { asUtf8FirstLine } from './file-encoding';
import { judgeLine, type LineVerdict } from './line-judge';
import type { LineQueue } from './line-queue';
import { fileLines } from './line-reader';

export interface FileImportDeps {
  readonly s3: S3Client;
  readonly store: ImportStore;
  readonly queue: LineQueue;
  readonly imports: ImportsSettings;
  readonly config: StartTaskConfig;
}

/** How a run over a file ended: the file is done (or another run owns it), or time ran out at a checkpoint. */
export type FileImportRun = { readonly done: true; readonly import?: ImportItem } | { readonly done: false };

/**
 * Validates and queues an uploaded file from the import's checkpoint, a stretch of lines at a
 * time: the file is read as a stream from the checkpoint's byte offset, each stretch's invalid
 * lines are recorded and its valid lines sent to the delivery queue, then the checkpoint moves
 * past it together with the counts. A run stopped anywhere (a crash, a timeout) leaves the
 * checkpoint at the start of a stretch; the next run does that stretch again, which records the
 * same invalid lines and sends messages the delivery function recognises as already delivered,
 * and counts it once. `hasTime` is asked before each stretch.
 */
export async function importFile(deps: FileImportDeps, started: ImportItem, hasTime: () => boolean): Promise<FileImportRun> {
  const { importId } = started;
  const key = importUploadKey(importId);
  const { ContentLength: size = 0 } = await deps.s3.send(new HeadObjectCommand({ Bucket: deps.imports.bucket, Key: key }));
  if (size > deps.imports.maxBytes) return refuse(deps, started, 'ImportTooLarge');
  if (size === 0) return refuse(deps, started, 'EmptyImport');

  let at = { offset: started.offset, nextLine: started.nextLine };
  let progress = { lines: started.lines, jsonLines: started.jsonLines };
  if (at.offset < size) {
    const { Body } = await deps.s3.send(new GetObjectCommand({ Bucket: deps.imports.bucket, Key: key, Range: `bytes=${at.offset}-` }));
    const lines = fileLines(Body as Readable, TASK_LIMITS.bodyMaxBytes, at.offset, at.nextLine);
    const context = { importId, principal: started.principal, config: deps.config };
    let stretch: LineVerdict[] = [];
    let end = at;
    for await (const read of lines) {
      const line = read.number === 1 ? asUtf8FirstLine(read) : read;
      if (line === undefined) return refuse(deps, started, 'NotUtf8');
      stretch.push(judgeLine(line, { ...context, now: new Date() }));
      end = { offset: read.end, nextLine: read.number + 1 };
      if (stretch.length === IMPORT_STRETCH_LINES) {
        const counted = await flush(deps, importId, at.offset, end, stretch);
        if (!counted) return { done: true };
        progress = { lines: progress.lines + counted.lines, jsonLines: progress.jsonLines + counted.jsonLines };
        at = end;
        stretch = [];
        if (!hasTime()) {
          (Body as Readable).destroy();
          return { done: false };
        }
      }
    }
    if (stretch.length > 0) {
      const counted = await flush(deps, importId, at.offset, end, stretch);
      if (!counted) return { done: true };
      progress = { lines: progress.lines + counted.lines, jsonLines: progress.jsonLines + counted.jsonLines };
      at = end;
    }
  }
  if (progress.lines === 0) return refuse(deps, { ...started, offset: at.offset }, 'EmptyImport');
  if (progress.jsonLines === 0) return refuse(deps, { ...started, offset: at.offset }, 'NotJsonLines');
  const queued = await deps.store.endValidation(importId, at.offset, 'QUEUED', undefined, new Date());
  return { done: true, import: queued };
}

/** Records a stretch and moves the checkpoint past it; what it added to the counts, or undefined when another run moved the checkpoint. */
async function flush(
  deps: FileImportDeps,
  importId: string,
  from: number,
  to: { offset: number; nextLine: number },
  stretch: readonly LineVerdict[],
): Promise<ImportProgress | undefined> {
  const invalid = stretch.flatMap((v) => ('error' in v ? [{ line: v.line, error: v.error }] : []));
  const valid = stretch.flatMap((v) => ('message' in v ? [v.message] : []));
  const now = new Date();
  await deps.store.recordInvalid(importId, invalid, now);
  await deps.store.openStretch(importId, importStretchOf(stretch[0].line), valid.length, now);
  await deps.queue.send(valid);
  const progress: ImportProgress = {
    lines: stretch.length,
    invalid: invalid.length,
    queued: valid.length,
    jsonLines: stretch.filter((v) => v.json).length,
  };
  return (await deps.store.advance(importId, from, to, progress, now)) ? progress : undefined;
}

/** Ends the import FAILED for a reason that concerns the whole file. */
async function refuse(deps: FileImportDeps, item: ImportItem, code: ImportFileErrorCode): Promise<FileImportRun> {
  const error: ImportError = { code, message: IMPORT_FILE_ERRORS[code] };
  const failed = await deps.store.endValidation(item.importId, item.offset, 'FAILED', error, new Date());
  return { done: true, import: failed };
}
