import type { Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { AsyncDeliveryOptions } from './async-delivery-options';
import type { TaskLifecycleOperation } from './task-lifecycle-operation';
import type { TaskTarget } from './task-target';

/** Properties of a {@link TaskApi}. */
export interface TaskApiProps {
  /**
   * The ARN of the Amazon Connect instance that tasks are created in, e.g.
   * `arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555`.
   * The instance may be in another region than the stack.
   */
  readonly instanceArn: string;

  /**
   * The target used when a request names none of `ContactFlowId`, `TaskTemplateId`, `QuickConnectId`.
   *
   * @default - every request must name its target
   */
  readonly defaultTarget?: TaskTarget;

  /**
   * The only targets callers may create tasks for. The function's IAM policy then names exactly
   * these flows, templates and quick connects, and a request for any other gets a 403.
   *
   * @default - any flow, template or quick connect of the instance
   */
  readonly allowedTargets?: TaskTarget[];

  /**
   * How far ahead `ScheduledTime` may lie. Amazon Connect's documented limit has been 6 days;
   * raise it here if your instance allows more.
   *
   * @default Duration.days(6)
   */
  readonly maxScheduleAhead?: Duration;

  /**
   * How long the function waits for Amazon Connect, retries included, before answering 504.
   * The function's timeout is this plus 2 seconds, which must stay inside API Gateway's 29 seconds.
   *
   * @default Duration.seconds(8)
   */
  readonly connectTimeout?: Duration;

  /**
   * Serve the API only through these interface VPC endpoints (a private REST API). A resource
   * policy denies every request that does not arrive through one of them.
   *
   * @default - a regional endpoint
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];

  /**
   * An authorizer for `POST /tasks` in place of IAM (SigV4) authorization.
   *
   * @default - IAM authorization: callers need `execute-api:Invoke`, see `grantInvoke`
   */
  readonly authorizer?: apigateway.IAuthorizer;

  /**
   * Stage-wide request throttling. The default is the stack's `ConnectTaskQuota` (Connect's
   * default quota for `StartTaskContact` unless the stack declares one: 2 requests a second,
   * bursts of 5, per account and region, shared by every caller; Service Quotas code
   * L-E704D621). A stage that lets more through only turns the caller's 429 into a slower one,
   * after the function's retries. After a quota raise, declare the ConnectTaskQuota rather than
   * this. With `asyncDelivery` the queue absorbs bursts instead.
   *
   * @default - the stack's ConnectTaskQuota (2 requests per second, bursts of 5, by default); with `asyncDelivery` 25 times its rate, bursts of twice that (50 and 100 by default)
   */
  readonly throttle?: apigateway.ThrottleSettings;

  /**
   * How long access logs and the function's logs are kept.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Trace requests with AWS X-Ray, in API Gateway and the function.
   *
   * @default false
   */
  readonly tracing?: boolean;

  /**
   * Create the account-wide role that lets API Gateway write logs (`AWS::ApiGateway::Account`).
   * Leave it off when the account already has one, as most do.
   *
   * @default false
   */
  readonly cloudWatchRole?: boolean;

  /**
   * Options for the handler functions (`POST /tasks` and each lifecycle route): memory,
   * architecture, VPC and subnets, security groups, reserved concurrency, environment and so on.
   * The construct owns some options and fails at synth time if they are given: `timeout` (it
   * comes from `connectTimeout`), `loggingFormat` and `logFormat` (always Lambda's JSON format),
   * `logRetention` and `logGroup` (use the `logRetention` prop; the construct creates each
   * function's log group), `tracing` (use the `tracing` prop), and the environment variables the
   * handlers read (`CONNECT_INSTANCE_ARN`, `DEFAULT_TARGET`, `ALLOWED_TARGETS`,
   * `MAX_SCHEDULE_AHEAD_SECONDS`, `CONNECT_TIMEOUT_MS`, `TASK_TEMPLATES`, `TASK_METRICS_API_NAME` and the queued-delivery settings).
   *
   * @default - 256 MiB, arm64, Node.js 24, no VPC
   */
  readonly handlerOptions?: lambda.FunctionOptions;

  /**
   * Queued delivery: requests sent with `Prefer: respond-async` are answered 202 once on an SQS
   * queue, and delivered to Connect at a steady rate, with their status at
   * `GET /tasks/requests/{requestId}`. Use it for bursts larger than Connect's quota. The stage
   * throttle's default then rises to 50 requests a second, bursts of 100.
   *
   * @default - no queued delivery: `Prefer: respond-async` is ignored and every request is answered synchronously
   */
  readonly asyncDelivery?: AsyncDeliveryOptions;

  /**
   * The routes of `/tasks/{contactId}` to serve beside `POST /tasks`: reading, changing and
   * cancelling tasks. Each has a function of its own whose role may call only the Amazon
   * Connect actions that route needs; leave a route out and neither exists.
   *
   * @default - all of them: READ, UPDATE and CANCEL
   */
  readonly lifecycleOperations?: TaskLifecycleOperation[];
}
