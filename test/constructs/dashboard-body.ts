import type { Template } from 'aws-cdk-lib/assertions';

/**
 * The parsed body of the template's only dashboard. CloudFormation joins it from strings and
 * references (the region, resource names); each reference sits inside a JSON string and is read
 * here as its logical id, or `AWS::Region`, so the body parses as the JSON it will be.
 */
export function dashboardBody(template: Template): any {
  const boards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(boards).toHaveLength(1);
  const body = boards[0].Properties.DashboardBody;
  if (typeof body === 'string') return JSON.parse(body);
  const [separator, parts] = body['Fn::Join'] as [string, unknown[]];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : referenceName(part))).join(separator));
}

function referenceName(part: unknown): string {
  const { Ref, 'Fn::GetAtt': getAtt } = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return Ref ?? getAtt?.join('.') ?? JSON.stringify(part).replace(/"/g, "'");
}
