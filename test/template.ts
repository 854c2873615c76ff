import type { Template } from 'aws-cdk-lib/assertions';

/** A resource of a synthesized template, as `Template.findResources` returns it, typed by its properties. */
export interface TemplateResource<P = Record<string, unknown>> {
  readonly Type: string;
  readonly Properties: P;
  readonly DependsOn?: string[];
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

export interface PolicyProperties {
  readonly PolicyName: string;
  readonly Roles: Array<{ readonly Ref: string }>;
  readonly PolicyDocument: { readonly Statement: PolicyStatement[] };
}

/** The resources of one type (and matching `props`, as `findResources` matches), by logical id. */
export function resourcesOf<P = Record<string, unknown>>(
  template: Template,
  type: string,
  props?: object,
): Record<string, TemplateResource<P>> {
  return template.findResources(type, props) as Record<string, TemplateResource<P>>;
}

/** Every statement, across the IAM policies of the roles whose logical id `role` matches, that grants at least one `connect:` action. */
export function connectStatements(template: Template, role = /./): PolicyStatement[] {
  return roleStatements(template, role).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('connect:')));
}

/** Every statement of the IAM policies of the roles whose logical id `role` matches. */
export function roleStatements(template: Template, role: RegExp): PolicyStatement[] {
  return Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy'))
    .filter((policy) => policy.Properties.Roles.some((r) => role.test(r.Ref)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The statements of the policy attached to the role of the function whose logical id matches `fn`. */
export function statementsOf(template: Template, fn: RegExp): Array<{ Action: string | string[]; Resource: unknown }> {
  const functions = resourcesOf<{ Role: { 'Fn::GetAtt': [string, string] } }>(template, 'AWS::Lambda::Function');
  const [, lambdaFn] = Object.entries(functions).find(([id]) => fn.test(id))!;
  const roleId = lambdaFn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf<PolicyProperties>(template, 'AWS::IAM::Policy')).filter((p) =>
    p.Properties.Roles.some((r) => r.Ref === roleId),
  );
  return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
}
