import { describe, expect, test } from '@jest/globals';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TaskApi, type TaskImportOptions, TaskMonitoring } from '../../lib';
import { IMPORTS_ENV } from '../../lib/contract';
import { resourcesOf, roleStatements, statementsOf } from '../template';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';

function synth(imports: TaskImportOptions | undefined = {}) {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: { imports } });
  return { stack, api, template: () => Template.fromStack(stack) };
}

const bucketRef = { Ref: Match.stringLikeRegexp('ImportsBucket') };
const objectsUnder = (pattern: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/ImportsBucket/), 'Arn'] }, `/${pattern}`]],
});

describe('TaskApi asyncDelivery.imports', () => {
  test('the bucket is encrypted, private, refuses plain HTTP and deletes uploads and reports after the retention', () => {
    // GIVEN / WHEN a TaskApi with bulk imports kept 3 days
    const template = synth({ retention: Duration.days(3) }).template();
    // THEN the bucket is encrypted with S3-managed keys and blocks every kind of public access
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // AND a lifecycle rule deletes everything under imports/ after 3 days
      LifecycleConfiguration: { Rules: [Match.objectLike({ Prefix: 'imports/', ExpirationInDays: 3, Status: 'Enabled' })] },
    });
    // AND its policy denies requests that are not over TLS
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: bucketRef,
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('S3 tells the importer of uploaded files only', () => {
    // GIVEN / WHEN a TaskApi with bulk imports
    const template = synth().template();
    // THEN the bucket notifies the importer's queue of objects created under imports/ named upload.jsonl
    const [notifications] = Object.values(resourcesOf<{ NotificationConfiguration: unknown }>(template, 'Custom::S3BucketNotifications'));
    expect(notifications.Properties.NotificationConfiguration).toEqual({
      QueueConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: expect.arrayContaining([
                { Name: 'suffix', Value: '/upload.jsonl' },
                { Name: 'prefix', Value: 'imports/' },
              ]),
            },
          },
          QueueArn: { 'Fn::GetAtt': [expect.stringMatching(/ImportsJobQueue/), 'Arn'] },
        },
      ],
    });
  });

  test('each import function may touch only its own objects under the imports prefix', () => {
    // GIVEN / WHEN a TaskApi with bulk imports
    const template = synth().template();
    const s3Statements = (fn: RegExp) =>
      statementsOf(template, fn).filter((s) => [s.Action].flat().some((action) => action.startsWith('s3:')));
    // THEN the import function may put uploads only (it signs their POST), the status function read reports only
    expect(s3Statements(/ImportsCreateFunction/)).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objectsUnder('imports/*/upload.jsonl') },
    ]);
    expect(s3Statements(/ImportsStatusFunction/)).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objectsUnder('imports/*/report.jsonl') },
    ]);
    // AND the importer may read uploads and write reports, and nothing else of the bucket
    expect(s3Statements(/ImportsImporterFunction/)).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objectsUnder('imports/*/upload.jsonl') },
      { Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Effect: 'Allow', Resource: objectsUnder('imports/*/report.jsonl') },
    ]);
  });

  test('the functions read the size limit and the upload expiry from the props', () => {
    // GIVEN / WHEN a TaskApi whose imports take files of up to 100 MiB, uploaded within 5 minutes
    const template = synth({ maxFileSize: Size.mebibytes(100), uploadExpiry: Duration.minutes(5) }).template();
    // THEN the import function signs uploads with those limits
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('POST /tasks/imports'),
      Environment: {
        Variables: Match.objectLike({ [IMPORTS_ENV.maxBytes]: String(100 * 1024 * 1024), [IMPORTS_ENV.uploadExpirySeconds]: '300' }),
      },
    });
  });

  test('grantImport allows exactly the two import routes', () => {
    // GIVEN a TaskApi with bulk imports and a role
    const { stack, api, template } = synth();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN the role is granted imports
    api.grantImport(role);
    // THEN its policy allows execute-api:Invoke on POST /tasks/imports and GET /tasks/imports/{importId}, nothing else
    const statements = roleStatements(template(), /Caller/);
    expect(statements.map((statement) => statement.Action)).toEqual(['execute-api:Invoke', 'execute-api:Invoke']);
    const resources = statements.map((statement) => JSON.stringify(statement.Resource));
    expect(resources).toEqual([expect.stringMatching(/\/POST\/tasks\/imports"/), expect.stringMatching(/\/GET\/tasks\/imports\/\*"/)]);
  });

  test('fails if grantImport is called on a TaskApi without imports', () => {
    // GIVEN a TaskApi with queued delivery but no imports
    const stack = new Stack();
    const api = new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, asyncDelivery: {} });
    // WHEN / THEN granting imports fails, saying what to set
    expect(() => api.grantImport(new iam.AccountRootPrincipal())).toThrow(
      /grantImport needs POST \/tasks\/imports, but this TaskApi has no bulk imports\. Set asyncDelivery\.imports/,
    );
    expect(() => api.metricFailedImports()).toThrow(/no bulk imports/);
  });

  test('fails if maxFileSize is over 5 GiB', () => {
    // GIVEN / WHEN / THEN a file limit above S3's POST limit fails, naming the prop and the limit
    expect(() => synth({ maxFileSize: Size.gibibytes(6) })).toThrow(/asyncDelivery\.imports\.maxFileSize is 6442450944 bytes; .*5 GiB/);
  });

  test('fails if the importer options set its timeout', () => {
    // GIVEN / WHEN / THEN an importer timeout fails, saying the importer hands larger files on
    expect(() => synth({ importerFunctionOptions: { timeout: Duration.minutes(5) } })).toThrow(
      /importerFunctionOptions\.timeout .* is set by the construct: the importer runs 15 minutes/,
    );
  });

  test('TaskMonitoring alarms on failed and stuck imports', () => {
    // GIVEN a TaskApi with bulk imports
    const { stack, api, template } = synth();
    // WHEN it is monitored
    new TaskMonitoring(stack, 'Monitoring', { taskApi: api });
    // THEN one alarm watches failed imports (refused files and dead-lettered jobs), from 1
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('Bulk imports that failed'),
      Threshold: 1,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(refused, 0) + FILL(deadLetters, 0)' })]),
    });
    // AND another the age of the importer's oldest job, from 2 hours
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp("Age of the importer's oldest job"),
      Threshold: 7200,
      MetricName: 'ApproximateAgeOfOldestMessage',
    });
  });
});
