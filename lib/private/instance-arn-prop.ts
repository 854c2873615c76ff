import { Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { INSTANCE_ARN_EXAMPLE, parseInstanceArn } from '../contract';
import { constructError } from './construct-error';

/**
 * Throws, naming the construct (when there is one, as `ConnectInstanceMetrics` is none), the value
 * and the expected form, when a resolved value is not an instance ARN.
 */
export function assertInstanceArn(scope: IConstruct | undefined, arn: string): void {
  if (Token.isUnresolved(arn) || parseInstanceArn(arn)) return;
  const message = `instanceArn ${JSON.stringify(arn)} is not an Amazon Connect instance ARN. Expected the form ${INSTANCE_ARN_EXAMPLE} (Amazon Connect console > your instance > Distribution settings, or "aws connect list-instances").`;
  throw scope ? constructError(scope, message) : new Error(message);
}
