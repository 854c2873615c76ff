import type { Duration, Size } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Bulk imports on queued delivery: `POST /tasks/imports` hands out a presigned S3 upload for one
 * JSON Lines file (one `POST /tasks` body per line); an importer validates every line by the
 * rules of `POST /tasks` and puts the valid ones on the queue of queued delivery, so imports and
 * single requests share its pace; `GET /tasks/imports/{importId}` reports the outcome.
 */
export interface TaskImportOptions {
  /**
   * The largest file an import takes. The presigned upload refuses a larger one, and the
   * importer refuses it again. At most 5 GiB, S3's limit for one POST upload.
   *
   * @default Size.gibibytes(1)
   */
  readonly maxFileSize?: Size;

  /**
   * How long the presigned upload of a new import can be started.
   *
   * @default Duration.minutes(15)
   */
  readonly uploadExpiry?: Duration;

  /**
   * How long an import's file, its report and its status are kept: the bucket's lifecycle rule
   * deletes the files, DynamoDB's TTL the records. Whole days.
   *
   * @default Duration.days(7)
   */
  readonly retention?: Duration;

  /**
   * Options for the importer function: memory, VPC, environment and so on. Its timeout is 15
   * minutes: a larger file is handed on from a checkpoint to its next run. As with
   * `handlerOptions`, setting `timeout`, `loggingFormat`, `logFormat`, `logRetention`,
   * `logGroup`, `tracing` or an environment variable the function reads fails at synth time.
   *
   * @default - 1024 MiB, arm64, Node.js 24, no VPC
   */
  readonly importerFunctionOptions?: lambda.FunctionOptions;
}
