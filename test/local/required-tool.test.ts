import { expect, test } from '@jest/globals';
import { requireTool } from '../../local/required-tool';

test('a missing tool fails the test that needs it, with the install hint, instead of skipping it', () => {
  expect(() => requireTool('cdk-connect-tasks-no-such-tool', 'install it with `pip install x`')).toThrow(
    'cdk-connect-tasks-no-such-tool is not installed; install it with `pip install x`',
  );
});

test('an installed tool passes', () => {
  expect(() => requireTool('node', 'install Node.js')).not.toThrow();
});
