import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConnectTasksStack, PLACEHOLDER_INSTANCE_ARN } from '../examples/connect-tasks-stack';
import { requireTool } from '../local/required-tool';

/**
 * The example app as `cdk synth` builds it: cdk-nag's AwsSolutions pack must leave no
 * unacknowledged finding (warnings included), and cfn-lint no error.
 */
describe('example app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-connect-tasks-example-'));
  let templateFile: string;

  beforeAll(() => {
    const app = new App({ outdir });
    const stack = new ConnectTasksStack(app, 'ConnectTasksExample', { instanceArn: PLACEHOLDER_INSTANCE_ARN });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Throws ValidationFailed, listing each finding, when an error-level finding is unacknowledged.
    app.synth();
    templateFile = join(outdir, `${stack.artifactId}.template.json`);
  });

  test('cdk-nag AwsSolutions: no unacknowledged finding', () => {
    // GIVEN the example app synthesized with cdk-nag's AwsSolutions pack as a validation plugin
    // WHEN its validation report is read
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations?: unknown[] }>;
    };
    const findings = report.pluginReports.flatMap((r) => r.violations ?? []);
    // THEN no plugin reports a finding
    expect(findings).toEqual([]);
  });

  test('cfn-lint: no error in the synthesized template', () => {
    requireTool('cfn-lint', 'install it with `python3 -m pip install -r requirements-dev.txt`');
    // GIVEN the example app's synthesized template
    // WHEN cfn-lint checks it
    const result = spawnSync('cfn-lint', ['--format', 'parseable', templateFile], { encoding: 'utf8' });
    // THEN it ran, and found no error
    expect(result.error).toBeUndefined();
    // cfn-lint's exit status is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
    const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    expect(result.status! & 2).toBe(0);
  });
});
