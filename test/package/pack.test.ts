import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Template } from 'aws-cdk-lib/assertions';
import { codeBlock } from '../docs/code-blocks';

/**
 * A package built from a fresh clone works: `npm pack` there runs `prepare` (bundle the handlers,
 * compile lib/ with jsii), as `npm install <git url>` does in its own clone, and the tarball,
 * installed into a scratch CDK app, synthesizes. The scratch app is the README's complete
 * TypeScript app, its `app.ts` and `cdk.json` as written there, synthesized by `npx cdk synth`.
 * The clone is of the committed HEAD; its node_modules is a hard-linked copy of this one, and
 * aws-cdk-lib, constructs, the CDK CLI and tsx are linked from here, so nothing is fetched.
 */
const ROOT = join(__dirname, '..', '..');
const PACK_TIMEOUT_MS = 420_000;

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_fund: 'false', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });

describe('the package built from a fresh clone', () => {
  let work: string;
  let synthesized: {
    resolved: string;
    template: Record<string, unknown>;
    assetsDir: string;
  };
  let tarballFiles: string[];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cdk-connect-tasks-pack-'));
    const clone = join(work, 'clone');
    run('git', ['clone', '--quiet', ROOT, clone], work);
    run('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')], work);
    const tarball = join(work, run('npm', ['pack', '--silent', '--pack-destination', work], clone).trim().split('\n').pop()!);
    tarballFiles = run('tar', ['-tzf', tarball], work).split('\n');

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'scratch-app',
        private: true,
        dependencies: {
          'cdk-connect-tasks': `file:${tarball}`,
          'aws-cdk-lib': `file:${join(ROOT, 'node_modules', 'aws-cdk-lib')}`,
          constructs: `file:${join(ROOT, 'node_modules', 'constructs')}`,
        },
        devDependencies: {
          'aws-cdk': `file:${join(ROOT, 'node_modules', 'aws-cdk')}`,
          tsx: `file:${join(ROOT, 'node_modules', 'tsx')}`,
        },
      }),
    );
    // The peers are the linked aws-cdk-lib and constructs, listed above; npm's peer placement
    // fails on linked folders, so it is told they are there (--legacy-peer-deps).
    run('npm', ['install', '--offline', '--no-audit', '--ignore-scripts', '--legacy-peer-deps', '--loglevel=error'], app);
    writeFileSync(join(app, 'app.ts'), codeBlock('README.md', 'typescript-app'));
    writeFileSync(join(app, 'cdk.json'), codeBlock('README.md', 'typescript-cdk-json'));
    run('npx', ['cdk', 'synth', '--quiet', '--no-notices'], app);
    const assetsDir = join(app, 'cdk.out');
    synthesized = {
      resolved: run(process.execPath, ['-p', "require.resolve('cdk-connect-tasks')"], app).trim(),
      template: JSON.parse(readFileSync(join(assetsDir, 'ConnectTasks.template.json'), 'utf8')) as Record<string, unknown>,
      assetsDir,
    };
  }, PACK_TIMEOUT_MS);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('require finds lib/ in the installed package', () => {
    // GIVEN the tarball installed into a scratch app
    // WHEN the app requires cdk-connect-tasks THEN it gets the compiled lib/ of the installed package
    expect(synthesized.resolved).toMatch(/node_modules\/cdk-connect-tasks\/lib\/index\.js$/);
  });

  test('the tarball holds the compiled library, its jsii assembly, the bundled handlers and Ajv, and no sources', () => {
    // GIVEN the tarball `npm pack` made in a fresh clone
    // WHEN its files are listed THEN the library, its assembly, the handlers and Ajv are there
    expect(tarballFiles).toEqual(
      expect.arrayContaining([
        'package/lib/index.js',
        'package/lib/index.d.ts',
        'package/.jsii',
        'package/assets/start-task/index.js',
        'package/assets/scheduled-task/index.js',
        'package/node_modules/ajv/package.json',
      ]),
    );
    // AND no TypeScript source of lib/ or lambda/, nor any test
    expect(tarballFiles.filter((f) => /^package\/(lib|lambda)\/.*(?<!\.d)\.ts$/.test(f) || f.startsWith('package/test/'))).toEqual([]);
  });

  test("the README's TypeScript app synthesizes with it, its functions packaged from the bundled handlers", () => {
    // GIVEN the template `npx cdk synth` wrote for the README's app, with the installed package
    const template = Template.fromJSON(synthesized.template);
    // WHEN its functions, and those running a bundled handler, are looked up
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const bundled = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    const bundledFunctions = Object.values(bundled as Record<string, { Properties: { Code: { S3Key: string } } }>);
    // THEN there are at least two, each packaged from an asset folder that holds the bundle
    expect(functions.length).toBeGreaterThanOrEqual(2);
    expect(bundledFunctions.length).toBeGreaterThanOrEqual(2);
    for (const fn of bundledFunctions) {
      const asset = join(synthesized.assetsDir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(asset, 'index.js'))).toBe(true);
    }
  });
});
