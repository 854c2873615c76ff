import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';

const ROOT = join(__dirname, '..', '..');

/**
 * The messages of the project's layering rule for `code` as if it were the file at `path`. ESLint
 * loads its config with a dynamic import, which jest's module system refuses, so it runs in a
 * child process; the type-checked rules are off there, since the file is not on disk.
 */
function layeringMessages(path: string, code: string): string[] {
  const script = `
    const { ESLint } = require('eslint');
    const tseslint = require('typescript-eslint');
    const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }] });
    eslint.lintText(process.argv[1], { filePath: process.argv[2] }).then(([result]) => {
      process.stdout.write(JSON.stringify(result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths').map((m) => m.message)));
    });
  `;
  const run = spawnSync(process.execPath, ['-e', script, code, join(ROOT, path)], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

describe('the layering lint rule', () => {
  test('fails if a file of lib/private imports a public construct', () => {
    // GIVEN / WHEN a private file that imports TaskApi
    const messages = layeringMessages('lib/private/probe.ts', "import type { TaskApi } from '../task-api';\nexport type Api = TaskApi;\n");
    // THEN the rule refuses it, pointing to the interface
    expect(messages).toEqual([expect.stringMatching(/lib\/private must not import a public construct: take its interface/)]);
  });

  test('fails if a file of lib/private imports any file of lib/ that declares a construct', () => {
    // GIVEN every file of lib/ that exports a class extending another (a construct or a base of constructs)
    const constructFiles = readdirSync(join(ROOT, 'lib'))
      .filter(
        (file) => file.endsWith('.ts') && /^export (abstract )?class \w+ extends /m.test(readFileSync(join(ROOT, 'lib', file), 'utf8')),
      )
      .map((file) => file.replace(/\.ts$/, ''));
    expect(constructFiles).toEqual(expect.arrayContaining(['connect-task-quota', 'task-webhook', 'task-api']));
    // WHEN a private file imports each of them
    const code = constructFiles
      .map((file, i) => `import type * as probe${i} from '../${file}';\nexport type P${i} = typeof probe${i};\n`)
      .join('');
    const messages = layeringMessages('lib/private/probe.ts', code);
    // THEN the rule refuses every import
    expect(messages).toEqual(constructFiles.map(() => expect.stringMatching(/lib\/private must not import a public construct/)));
  });

  test('lets a file of lib/private import the interfaces of the constructs', () => {
    // GIVEN / WHEN a private file that imports ITaskApi and IRecurringTask
    const messages = layeringMessages(
      'lib/private/probe.ts',
      "import type { IRecurringTask } from '../recurring-task-interface';\nimport type { ITaskApi } from '../task-api-interface';\nexport type Watched = ITaskApi | IRecurringTask;\n",
    );
    // THEN the rule lets it through
    expect(messages).toEqual([]);
  });
});
