import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { TaskApi, type TaskApiProps } from '../../lib';
import { TASK_ROUTES } from '../../lib/contract';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

/** The S3 key the CDK gives the asset of `assets/<name>/`: the hash of its contents. */
function assetKey(name: string): string {
  return lambda.Code.fromAsset(join(__dirname, '..', '..', 'assets', name)).bind(new Stack()).s3Location!.objectKey;
}

/** The S3 key of the code of the POST /tasks function of a TaskApi with `props`. */
function postFunctionKey(props: Partial<TaskApiProps>): string {
  const stack = new Stack(new App(), 'TestStack');
  new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, ...props });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
    Properties: { Description: TASK_ROUTES.create.description },
  });
  const [fn] = Object.values(functions) as Array<{ Properties: { Code: { S3Key: string } } }>;
  return fn.Properties.Code.S3Key;
}

describe('the bundle of the POST /tasks function', () => {
  test('fails if a TaskApi without asyncDelivery deploys queued delivery: it runs the sync-only bundle', () => {
    // GIVEN / WHEN a TaskApi without asyncDelivery
    const key = postFunctionKey({});

    // THEN its POST function runs assets/start-task, which carries no queue or table client
    expect(key).toBe(assetKey(TASK_ROUTES.create.assetName));
    expect(key).not.toBe(assetKey(TASK_ROUTES.create.queuedAssetName));
  });

  test('fails if a TaskApi with asyncDelivery cannot queue: it runs the queued-capable bundle', () => {
    // GIVEN / WHEN a TaskApi with asyncDelivery
    const key = postFunctionKey({ asyncDelivery: {} });

    // THEN its POST function runs assets/start-task-queued
    expect(key).toBe(assetKey(TASK_ROUTES.create.queuedAssetName));
  });
});
