import { beforeAll, describe, expect, test } from '@jest/globals';
import type { App } from 'aws-cdk-lib';
import { ConnectTasksStack, PLACEHOLDER_INSTANCE_ARN } from '../examples/connect-tasks-stack';
import { appWithNag, cfnLintErrors, nagFindings } from './nag-and-lint';

/**
 * The example app as `cdk synth` builds it: cdk-nag's AwsSolutions pack must leave no
 * unacknowledged finding (warnings included), and cfn-lint no error.
 */
describe('example app', () => {
  let app: App;
  let stack: ConnectTasksStack;
  let findings: unknown[];

  beforeAll(() => {
    app = appWithNag();
    stack = new ConnectTasksStack(app, 'ConnectTasksExample', { instanceArn: PLACEHOLDER_INSTANCE_ARN });
    findings = nagFindings(app);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    // GIVEN the example app synthesized with cdk-nag's AwsSolutions pack as a validation plugin
    // WHEN its validation report is read (in beforeAll)
    // THEN no plugin reports a finding
    expect(findings).toEqual([]);
  });

  test('cfn-lint: no error in the synthesized template', () => {
    // GIVEN the example app's synthesized template
    // WHEN cfn-lint checks it
    // THEN it finds no error
    expect(cfnLintErrors(app, stack)).toEqual([]);
  });
});
