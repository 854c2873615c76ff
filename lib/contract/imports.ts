/**
 * Bulk imports (`POST /tasks/imports`): the import's states and counts, the table that records
 * an import and each of its lines, where its files live in the bucket, the importer's job
 * messages, and the environment of the functions involved (the import endpoint, the importer, the
 * delivery function that records each line's outcome, the import status reader).
 */

/** Where an import stands, as `GET /tasks/imports/{importId}` answers. */
export const IMPORT_STATUSES = ['WAITING_FOR_UPLOAD', 'VALIDATING', 'QUEUED', 'COMPLETED', 'FAILED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A line's outcome in the report. A valid line is QUEUED until the delivery function ends it. */
export const IMPORT_LINE_STATUSES = ['QUEUED', 'CREATED', 'INVALID', 'FAILED'] as const;
export type ImportLineStatus = (typeof IMPORT_LINE_STATUSES)[number];

/** The counts of an import. `queued` lines end as `created` or `failed`; `invalid` lines are never sent. */
export interface ImportCounts {
  readonly lines: number;
  readonly invalid: number;
  readonly queued: number;
  readonly created: number;
  readonly failed: number;
}

export const IMPORT_COUNT_NAMES = ['lines', 'invalid', 'queued', 'created', 'failed'] as const satisfies ReadonlyArray<keyof ImportCounts>;

/** An error of a line, or of a whole file (`details` for a line's broken rules). */
export interface ImportError {
  readonly code: string;
  readonly message: string;
  readonly details?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

/** Why a whole file is refused; its lines are not delivered. */
export const IMPORT_FILE_ERRORS = {
  /** The file holds no line. */
  EmptyImport: 'the file is empty; send one POST /tasks body per line',
  /** Larger than the import size limit (the upload policy already refuses larger uploads). */
  ImportTooLarge: 'the file is larger than this API accepts; split it into several imports',
  /** UTF-16 or UTF-32 (a byte order mark, or NUL bytes in its first line). */
  NotUtf8: 'the file is not UTF-8 (it looks like UTF-16 or UTF-32); save it as UTF-8 and import it again',
  /** No line of the file is JSON: a CSV, a JSON array, a spreadsheet. */
  NotJsonLines: 'no line of the file is a JSON object; send JSON Lines: one POST /tasks body per line',
} as const;
export type ImportFileErrorCode = keyof typeof IMPORT_FILE_ERRORS;

/** The answer of `GET /tasks/imports/{importId}`. */
export interface ImportStatusDocument {
  readonly importId: string;
  readonly status: ImportStatus;
  readonly counts: ImportCounts;
  /** Why a FAILED import's file was refused. */
  readonly error?: ImportError;
  /** When the import is COMPLETED: a short-lived link to the JSON Lines report. */
  readonly report?: { readonly url: string; readonly expiresAt: string };
  /** RFC 3339. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The answer of `POST /tasks/imports`: where to upload the file, as an S3 presigned POST form. */
export interface ImportCreatedDocument {
  readonly importId: string;
  readonly upload: { readonly url: string; readonly fields: Readonly<Record<string, string>> };
  /** RFC 3339: the upload must start before this. */
  readonly expiresAt: string;
}

/** One line of the report. */
export interface ImportReportLine {
  readonly line: number;
  readonly status: Exclude<ImportLineStatus, 'QUEUED'>;
  readonly contactId?: string;
  readonly error?: ImportError;
}

/**
 * The imports table: line 0 of an import is the import itself (its caller, status, counts and
 * the importer's checkpoint), lines 1… are its lines' outcomes, so one Query reads the report in
 * line order, and lines -1, -2… count the outcomes of each stretch of 1,000 lines. `expiresAt`
 * (epoch seconds) is its TTL attribute.
 */
export const IMPORTS_TABLE = {
  partitionKey: 'importId',
  sortKey: 'line',
  timeToLiveAttribute: 'expiresAt',
} as const;

/** The sort key of the import's own item. */
export const IMPORT_ITEM_LINE = 0;

/**
 * Lines validated and queued between two checkpoints of the importer. The delivery function
 * counts each line's outcome on its stretch's item, at sort key `-(stretch + 1)`.
 */
export const IMPORT_STRETCH_LINES = 1000;

/** The stretch a line belongs to: 0 for lines 1 to 1000. */
export const importStretchOf = (line: number) => Math.floor((line - 1) / IMPORT_STRETCH_LINES);

/** The sort key of a stretch's item: negative, before the import's item and its lines. */
export const importStretchItemLine = (stretch: number) => -(stretch + 1);

/** Every object of the imports bucket lies under this prefix; the functions' IAM names nothing else. */
export const IMPORTS_PREFIX = 'imports/';
/** The uploaded file's name below its import's prefix: the object notification's suffix filter. */
export const IMPORT_UPLOAD_NAME = 'upload.jsonl';
export const IMPORT_REPORT_NAME = 'report.jsonl';

/** `imports/<importId>/upload.jsonl`: the one object a presigned upload may write. */
export const importUploadKey = (importId: string) => `${IMPORTS_PREFIX}${importId}/${IMPORT_UPLOAD_NAME}`;
export const importReportKey = (importId: string) => `${IMPORTS_PREFIX}${importId}/${IMPORT_REPORT_NAME}`;

/** The import id of an uploaded file's key, or undefined for any other key. */
export function importIdOfUploadKey(key: string): string | undefined {
  const match = /^imports\/([0-9a-f-]{36})\/upload\.jsonl$/.exec(key);
  return match?.[1];
}

/**
 * What the importer's queue carries beside S3's object notifications: go on validating a file
 * from the checkpoint (sent by an importer that ran out of time), or write the report of an
 * import whose lines have all been delivered (sent by the delivery function that ended the last).
 */
export interface ImportJob {
  readonly importJob: 'continue' | 'report';
  readonly importId: string;
}

/** Where a queued line comes from: the delivery function records its outcome on that line. */
export interface ImportLineRef {
  readonly importId: string;
  readonly line: number;
}

/** The `ClientToken` of a line without one: the same line of the same import is the same task. */
export const importLineClientToken = (importId: string, line: number) => `import-${importId}-${line}`;

export const DEFAULT_IMPORT_MAX_BYTES = 1024 * 1024 * 1024;
/** S3's limit for one POST upload. */
export const IMPORT_MAX_BYTES_LIMIT = 5 * 1024 * 1024 * 1024;
export const DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS = 15 * 60;
/** How long a report link works. */
export const IMPORT_REPORT_LINK_SECONDS = 60 * 60;
/** How long an import's files and records are kept: uploads, reports and status expire together. */
export const DEFAULT_IMPORT_RETENTION_DAYS = 7;

/** The environment variables of bulk imports. */
export const IMPORTS_ENV = {
  bucket: 'IMPORTS_BUCKET',
  table: 'IMPORTS_TABLE',
  jobQueueUrl: 'IMPORT_JOB_QUEUE_URL',
  maxBytes: 'IMPORT_MAX_BYTES',
  uploadExpirySeconds: 'IMPORT_UPLOAD_EXPIRY_SECONDS',
  retentionSeconds: 'IMPORT_RETENTION_SECONDS',
} as const;

export interface ImportsSettings {
  readonly bucket: string;
  readonly table: string;
  readonly jobQueueUrl: string;
  readonly maxBytes: number;
  readonly uploadExpirySeconds: number;
  readonly retentionSeconds: number;
}

/** The environment variables that carry `settings` (values may be CDK tokens). */
export function importsEnvironment(settings: ImportsSettings): Record<string, string> {
  return {
    [IMPORTS_ENV.bucket]: settings.bucket,
    [IMPORTS_ENV.table]: settings.table,
    [IMPORTS_ENV.jobQueueUrl]: settings.jobQueueUrl,
    [IMPORTS_ENV.maxBytes]: String(settings.maxBytes),
    [IMPORTS_ENV.uploadExpirySeconds]: String(settings.uploadExpirySeconds),
    [IMPORTS_ENV.retentionSeconds]: String(settings.retentionSeconds),
  };
}

/** The settings, or undefined when the function runs without imports (no table configured). */
export function readImportsEnvironment(env: NodeJS.ProcessEnv): ImportsSettings | undefined {
  const table = env[IMPORTS_ENV.table];
  if (!table) return undefined;
  const bucket = env[IMPORTS_ENV.bucket];
  const jobQueueUrl = env[IMPORTS_ENV.jobQueueUrl];
  if (!bucket || !jobQueueUrl) throw new Error(`${IMPORTS_ENV.table} needs ${IMPORTS_ENV.bucket} and ${IMPORTS_ENV.jobQueueUrl}`);
  return {
    bucket,
    table,
    jobQueueUrl,
    maxBytes: whole(env, IMPORTS_ENV.maxBytes, DEFAULT_IMPORT_MAX_BYTES),
    uploadExpirySeconds: whole(env, IMPORTS_ENV.uploadExpirySeconds, DEFAULT_IMPORT_UPLOAD_EXPIRY_SECONDS),
    retentionSeconds: whole(env, IMPORTS_ENV.retentionSeconds, DEFAULT_IMPORT_RETENTION_DAYS * 24 * 60 * 60),
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
}
