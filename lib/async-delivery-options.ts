import type { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { TaskImportOptions } from './task-import-options';

/**
 * Queued delivery for bursts above Amazon Connect's task creation quota. A `POST /tasks` with
 * `Prefer: respond-async` is validated as any request, put on an SQS queue and answered 202 with
 * the URL of its status; a function delivers the queue to Connect at `ratePerSecond`.
 */
export interface AsyncDeliveryOptions {
  /**
   * How many `StartTaskContact` calls a second the delivery function makes at most. Amazon
   * Connect's quota (2 a second by default, see `ConnectTaskQuota`) is per account and region,
   * shared by every caller of the account; the default leaves half of it to synchronous requests.
   *
   * @default - half the stack's `ConnectTaskQuota`: 1 at Connect's default quota
   */
  readonly ratePerSecond?: number;

  /**
   * How many times a message is received before it moves to the dead-letter queue and its
   * request ends FAILED (`DeadLettered`). Connect's throttling and its own failures use up receives.
   *
   * @default 10
   */
  readonly maxReceiveCount?: number;

  /**
   * How long a request's status can be read after its last change, and how long its
   * `Idempotency-Key` is remembered. At least 4 days, the time a message may wait in the queue.
   *
   * @default Duration.days(14)
   */
  readonly statusRetention?: Duration;

  /**
   * Continuous backups (point-in-time recovery) of the status table.
   *
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;

  /**
   * Options for the delivery function: memory, VPC, environment and so on. Its timeout, and the
   * queue's visibility timeout, come from `ratePerSecond` and the API's `connectTimeout`. As with
   * `handlerOptions`, setting `timeout`, `loggingFormat`, `logFormat`, `logRetention`, `logGroup`,
   * `tracing` (TaskApi's `logRetention` and `tracing` props apply) or an environment variable the
   * function reads fails at synth time.
   *
   * @default - 256 MiB, arm64, Node.js 24, no VPC
   */
  readonly deliveryFunctionOptions?: lambda.FunctionOptions;

  /**
   * Bulk imports: `POST /tasks/imports` and `GET /tasks/imports/{importId}`, for files of up to
   * millions of tasks delivered through this queue. Pass `{}` for the defaults.
   *
   * @default - no bulk imports
   */
  readonly imports?: TaskImportOptions;
}
