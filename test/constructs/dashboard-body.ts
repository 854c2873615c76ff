import type { Template } from 'aws-cdk-lib/assertions';
import { resourcesOf } from '../template';

/** A widget of a dashboard body, as CloudWatch reads it. */
export interface DashboardWidget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly metrics?: unknown[][];
    readonly alarms?: string[];
    readonly [property: string]: unknown;
  };
}

export interface DashboardBody {
  readonly widgets: DashboardWidget[];
}

/**
 * The parsed body of the template's only dashboard. CloudFormation joins it from strings and
 * references (the region, resource names); each reference sits inside a JSON string and is read
 * here as its logical id, or `AWS::Region`, so the body parses as the JSON it will be.
 */
export function dashboardBody(template: Template): DashboardBody {
  const boards = Object.values(
    resourcesOf<{ DashboardBody: string | { 'Fn::Join': [string, unknown[]] } }>(template, 'AWS::CloudWatch::Dashboard'),
  );
  expect(boards).toHaveLength(1);
  const body = boards[0].Properties.DashboardBody;
  if (typeof body === 'string') return JSON.parse(body) as DashboardBody;
  const [separator, parts] = body['Fn::Join'];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : referenceName(part))).join(separator)) as DashboardBody;
}

/** The titles of a dashboard's widgets, in order. */
export function widgetTitles(template: Template): Array<string | undefined> {
  return dashboardBody(template).widgets.map((w) => w.properties.title);
}

/** The dashboard's widget of that title; fails the test if there is none. */
export function widget(template: Template, title: string): DashboardWidget {
  const found = dashboardBody(template).widgets.find((w) => w.properties.title === title);
  if (!found) throw new Error(`the dashboard has no widget titled ${title}`);
  return found;
}

function referenceName(part: unknown): string {
  const { Ref, 'Fn::GetAtt': getAtt } = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return Ref ?? getAtt?.join('.') ?? JSON.stringify(part).replace(/"/g, "'");
}
