// ESLint flat config: typescript-eslint's type-checked recommended rules over every TypeScript file,
// import hygiene, and the layering the README's "Layout" section describes.
import js from '@eslint/js';
import { createNodeResolver, flatConfigs as importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const typescriptFiles = ['**/*.ts', '**/*.mts'];
const javascriptFiles = ['**/*.js', '**/*.cjs', '**/*.mjs'];

// What may import what. Each zone forbids `target` from importing anything under `from`.
const layers = [
  {
    target: './lib/contract',
    from: ['./lib', './lambda', './emulator', './local', './bench', './test', './examples', './scripts'],
    except: ['./contract'],
    message: 'lib/contract is plain TypeScript both the constructs and the handlers import: it imports only itself.',
  },
  {
    target: './lib',
    from: ['./lambda', './emulator', './local', './bench', './test', './examples', './scripts'],
    message: 'The construct library ships alone: it reaches its handlers through assets/, never through lambda/ sources.',
  },
  {
    // Private pieces name constructs by their interfaces (ITaskApi, IRecurringTask), so an imported
    // construct serves as well as one of this stack; what they need of the others (the quota, a
    // webhook's metric) is passed in or named by an interface of their own. Every file of lib/ that
    // declares a construct is listed.
    target: './lib/private',
    from: [
      './lib/connect-task-quota.ts',
      './lib/task-api.ts',
      './lib/task-api-base.ts',
      './lib/recurring-task.ts',
      './lib/scheduled-task.ts',
      './lib/task-monitoring.ts',
      './lib/task-template.ts',
      './lib/task-events.ts',
      './lib/task-webhook.ts',
    ],
    message: 'lib/private must not import a public construct: take its interface (e.g. ITaskApi, IRecurringTask) instead.',
  },
  {
    target: './lambda',
    from: ['./lib', './emulator', './local', './bench', './test', './examples', './scripts'],
    except: ['./contract'],
    message: 'Handlers import only lib/contract (and each other): everything else in lib/ pulls aws-cdk-lib into the bundle.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'assets/',
      'cdk.out/',
      'dist/',
      'coverage/',
      '.local/',
      '.cache/',
      '.jsii',
      'lib/**/*.js',
      'lib/**/*.d.ts',
      'test/python-consumer/',
      'rosetta/',
    ],
  },
  js.configs.recommended,
  importX.recommended,
  importX.typescript,
  {
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.node },
    },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.cjs', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      'import-x/no-duplicates': 'error',
      // A `let` that a callback reads before its one assignment (e.g. a hook set up first) cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      // typescript-eslint checks named imports against the real types; the resolver-based check adds nothing.
      'import-x/named': 'off',
    },
  },
  {
    files: typescriptFiles,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One project, the same one `npm run typecheck` checks, covers every TypeScript file.
        project: './tsconfig.dev.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `const { dropped: _dropped, ...kept } = value` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['lib/contract/**', 'lambda/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'],
              message: 'lib/contract and the handlers run inside Lambda: the CDK is a build-time dependency only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: javascriptFiles,
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
