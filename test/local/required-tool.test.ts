import { expect, test } from '@jest/globals';
import { requireTool } from '../../local/required-tool';

test('a missing tool fails the test that needs it, with the install hint, instead of skipping it', () => {
  // GIVEN a tool that is not on the PATH
  // WHEN a test requires it THEN the test fails, saying it is missing and how to install it
  expect(() => requireTool('cdk-connect-tasks-no-such-tool', 'install it with `pip install x`')).toThrow(
    'cdk-connect-tasks-no-such-tool is not installed; install it with `pip install x`',
  );
});

test('an installed tool passes', () => {
  // GIVEN node, which runs this test
  // WHEN a test requires it THEN the test goes on
  expect(() => requireTool('node', 'install Node.js')).not.toThrow();
});
