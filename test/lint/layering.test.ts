import { spawnSync } from 'node:child_process';
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
