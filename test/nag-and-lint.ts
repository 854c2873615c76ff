import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { requireTool } from '../local/required-tool';

/** An app that synthesizes into a fresh folder with cdk-nag's AwsSolutions pack as a validation plugin. */
export function appWithNag(): App {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'cdk-connect-tasks-nag-')) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/**
 * Synthesizes the app (which throws ValidationFailed, listing each finding, when an error-level
 * finding is unacknowledged) and returns every finding of its validation report, warnings included.
 */
export function nagFindings(app: App): unknown[] {
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ violations?: unknown[] }>;
  };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
}

/** The errors cfn-lint finds in a synthesized stack's template (after `app.synth()`). */
export function cfnLintErrors(app: App, stack: Stack): string[] {
  requireTool('cfn-lint', 'install it with `python3 -m pip install -r requirements-dev.txt`');
  const templateFile = join(app.outdir, `${stack.artifactId}.template.json`);
  const result = spawnSync('cfn-lint', ['--format', 'parseable', templateFile], { encoding: 'utf8' });
  if (result.error) throw result.error;
  // cfn-lint's exit status is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
  const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
  if (errors.length === 0 && (result.status! & 2) !== 0) return [`cfn-lint reported errors:\n${result.stdout}${result.stderr}`];
  return errors;
}
