import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';

/** A resource policy that refuses any request not made through the given VPC endpoints. */
export function onlyThroughVpcEndpoints(endpoints: ec2.IInterfaceVpcEndpoint[]): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
        conditions: { StringNotEquals: { 'aws:SourceVpce': endpoints.map((e) => e.vpcEndpointId) } },
      }),
    ],
  });
}
