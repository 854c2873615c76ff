import * as iam from 'aws-cdk-lib/aws-iam';
import { contactsOf } from '../contract';

/**
 * Connect actions on the contacts of one instance (the task itself, and those it links to with
 * PreviousContactId/RelatedContactId), and on the given targets: never `*`.
 */
export function connectStatement(instanceArn: string, actions: readonly string[], targetArns: readonly string[] = []): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: [...actions], resources: [contactsOf(instanceArn), ...targetArns] });
}
