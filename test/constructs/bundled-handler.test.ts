import { describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BundledHandler } from '../../lib/private/bundled-handler';

describe('BundledHandler', () => {
  test('fails if its bundle is missing, naming the construct path and how to build it', () => {
    // GIVEN a construct in a stack
    const stack = new Stack(new App(), 'TestStack');
    const api = new Construct(stack, 'Tasks');

    // WHEN a BundledHandler names an asset folder the build never wrote
    const create = () => new BundledHandler(api, 'Handler', { assetName: 'no-such-handler', logRetention: logs.RetentionDays.ONE_WEEK });

    // THEN the error names where in the app it was created, the function and the fix
    expect(create).toThrow(
      /^Construct TestStack\/Tasks: the function Handler's bundled handler .*no-such-handler\/index\.js is missing\. Run "npm run bundle"/,
    );
  });
});
