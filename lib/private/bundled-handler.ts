import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { constructError } from './construct-error';

export interface BundledHandlerProps extends Omit<lambda.FunctionOptions, 'logGroup'> {
  /** The folder under `assets/` that the build bundled the handler into. */
  readonly assetName: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A Lambda function running one of the handlers pre-bundled into the package's `assets/` folder,
 * so users in every jsii language deploy it without a bundler. Node.js 24 on arm64, Lambda's
 * native JSON logs in a log group of its own, and a role that may write only to that group.
 */
export class BundledHandler extends lambda.Function {
  constructor(scope: Construct, id: string, props: BundledHandlerProps) {
    const { assetName, logRetention, ...options } = props;
    const assetDir = join(__dirname, '..', '..', 'assets', assetName);
    if (!existsSync(join(assetDir, 'index.js'))) {
      // Not yet constructed, so the error names the scope and this function's id.
      throw constructError(
        scope,
        `the function ${id}'s bundled handler ${assetDir}/index.js is missing. Run "npm run bundle" (or "npm ci", which runs it) in the cdk-connect-tasks checkout.`,
      );
    }
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: logRetention });
    const role =
      options.role ??
      new iam.Role(scope, `${id}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs the ${assetName} handler of cdk-connect-tasks`,
      });
    super(scope, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(10),
      ...options,
      code: lambda.Code.fromAsset(assetDir),
      handler: 'index.handler',
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: options.applicationLogLevelV2 ?? lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: options.systemLogLevelV2 ?? lambda.SystemLogLevel.WARN,
    });
    if (!options.role) allowWritingLogs(role, logGroup);
  }
}

/**
 * Lets a function's role write to its own log group, and nowhere else: instead of the
 * AWSLambdaBasicExecutionRole managed policy, which allows every log group of the account.
 */
export function allowWritingLogs(role: iam.IRole, logGroup: logs.ILogGroupRef): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // The log group ARN ends in ":*", which covers its streams.
      resources: [logGroup.logGroupRef.logGroupArn],
    }),
  );
}
