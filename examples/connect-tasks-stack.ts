import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TaskApi, TaskTarget } from '../lib';

/** A placeholder instance, so `cdk synth` works offline; pass `-c instanceArn=...` for yours. */
export const PLACEHOLDER_INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

export interface ConnectTasksStackProps extends StackProps {
  readonly instanceArn: string;
}

/** The example: a task endpoint for a CRM, routed to one flow by default. */
export class ConnectTasksStack extends Stack {
  constructor(scope: Construct, id: string, props: ConnectTasksStackProps) {
    super(scope, id, props);
    const tasks = new TaskApi(this, 'Tasks', {
      instanceArn: props.instanceArn,
      defaultTarget: TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444'),
    });

    // The CRM integration's role: the only principal allowed to create tasks.
    const crm = new iam.Role(this, 'CrmIntegration', { assumedBy: new iam.AccountRootPrincipal() });
    tasks.grantInvoke(crm);

    new CfnOutput(this, 'TasksUrl', { value: tasks.url });
    acknowledgeNagFindings(tasks, props.instanceArn);
  }
}

/** cdk-nag AwsSolutions findings this design accepts, each with the reason. */
function acknowledgeNagFindings(tasks: TaskApi, instanceArn: string): void {
  const findings = Validations.of(tasks);
  findings.acknowledge({
    id: `AwsSolutions-IAM5[Resource::${instanceArn}/contact/*]`,
    reason: 'StartTaskContact is authorized on the contact it creates, whose id does not exist yet; the pattern is limited to contacts of this one instance.',
  });
  for (const kind of ['contact-flow', 'task-template', 'transfer-destination']) {
    findings.acknowledge({
      id: `AwsSolutions-IAM5[Resource::${instanceArn}/${kind}/*]`,
      reason: `Any ${kind} of this one instance may route tasks; set allowedTargets on TaskApi to name exact ARNs instead.`,
    });
  }
  findings.acknowledge({
    id: 'AwsSolutions-APIG3',
    reason: 'An internal, IAM-authorized endpoint with stage throttling; attach a WAF web ACL where your organisation requires one.',
  });
  findings.acknowledge({
    id: 'AwsSolutions-COG4',
    reason: 'Callers are internal services authorized by IAM (SigV4), not end users in a Cognito user pool.',
  });
}
