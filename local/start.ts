// `npm start`: the bundled task handler behind a local HTTP endpoint, against the Connect
// emulator (the default) or a real Connect instance (`--instance-arn`). `--async` adds queued
// delivery on ElasticMQ and dynalite, as TaskApi's asyncDelivery deploys it (`--rate` calls a second).
// `--auth iam` requires SigV4 signatures, as the deployed API does.
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { type ConnectEmulator, DEFAULT_SEED_PATH, startConnectEmulator } from '../emulator';
import { EMULATOR_FLAGS, emulatorOptions, throttleSummary } from '../emulator/options';
import { parseInstanceArn, requestStatusPath, START_TASK_ENV } from '../lib/contract';
import { startLocalAsyncDelivery } from './async-delivery';
import { ensureHandlerBundle } from './bundle';
import { type CredentialsEndpoint, startCredentialsEndpoint, withoutCredentialSettings } from './credentials-endpoint';
import { emulatorHandlerEnv } from './emulator-env';
import { stopWhenEnded } from './lifetime';
import { seededTaskTemplates } from './seeded-templates';
import { startLocalEndpoint } from './server';
import { LOCAL_CREDENTIALS, type LocalIam } from './sigv4-verifier';

const DEFAULT_PORT = 3000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...EMULATOR_FLAGS,
      port: { type: 'string' },
      'instance-arn': { type: 'string' },
      async: { type: 'boolean' },
      rate: { type: 'string' },
      auth: { type: 'string' },
    },
  });
  if (values.auth !== undefined && values.auth !== 'iam' && values.auth !== 'none') {
    throw new Error(`--auth must be iam (SigV4, as the deployed API) or none; got ${values.auth}`);
  }
  const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
  const realInstanceArn = values['instance-arn'] ?? process.env[START_TASK_ENV.instanceArn];
  ensureHandlerBundle();

  let emulator: ConnectEmulator | undefined;
  let credentials: CredentialsEndpoint | undefined;
  let handlerEnv: NodeJS.ProcessEnv;
  let target: string;
  let instanceArn: string;
  if (realInstanceArn) {
    instanceArn = realInstanceArn;
    // Real Connect: Connect's own endpoint, and the credentials of the SDK's default chain (a
    // profile, SSO, ...). The bundled handlers read credentials as Lambda gives them, so they are
    // resolved here and served to them on a container credentials endpoint.
    const developerCredentials = defaultProvider();
    await developerCredentials();
    credentials = await startCredentialsEndpoint(developerCredentials);
    handlerEnv = { ...withoutCredentialSettings(process.env), ...credentials.env, [START_TASK_ENV.instanceArn]: realInstanceArn };
    console.log(`Connect: the real instance ${realInstanceArn}, with your AWS credentials`);
    target = process.env[START_TASK_ENV.defaultTarget] ? '' : ',"ContactFlowId":"<your-contact-flow-id>"';
  } else {
    const options = emulatorOptions(values);
    emulator = await startConnectEmulator(options);
    const [instance] = emulator.state.instances.values();
    instanceArn = instance.arn;
    const [flow] = instance.contactFlows;
    // As a TaskApi with a defaultTarget: requests that name no target go to the seed's first flow.
    const defaultTarget = process.env[START_TASK_ENV.defaultTarget] ?? JSON.stringify({ ContactFlowId: flow.id });
    // As a TaskApi that declared the seeded templates with TaskTemplate: requests naming one are checked against its fields.
    handlerEnv = {
      ...emulatorHandlerEnv(emulator.url, instance.arn, process.env),
      [START_TASK_ENV.defaultTarget]: defaultTarget,
      [START_TASK_ENV.taskTemplates]: JSON.stringify(seededTaskTemplates(instance)),
    };
    target = '';
    console.log(
      `Connect emulator: ${emulator.url} (seed ${typeof options.seed === 'string' ? options.seed : DEFAULT_SEED_PATH}), instance ${instance.arn}`,
    );
    console.log(`Connect emulator: ${throttleSummary(options.throttle)}`);
    console.log(`Default target: ${defaultTarget}${process.env[START_TASK_ENV.defaultTarget] ? '' : ` (the flow "${flow.name}")`}`);
  }
  const delivery = values.async
    ? await startLocalAsyncDelivery({
        connectEnv: handlerEnv,
        ratePerSecond: values.rate === undefined ? undefined : Number(values.rate),
        logs: 'inherit',
      })
    : undefined;
  if (delivery) {
    console.log(
      `Queued delivery: ElasticMQ and dynalite, ${delivery.plan.invocationRatePerSecond * delivery.plan.concurrency} StartTaskContact calls a second`,
    );
  }
  const region = parseInstanceArn(instanceArn)?.region;
  if (!region) throw new Error(`${instanceArn} is not an Amazon Connect instance ARN`);
  const iam: LocalIam | undefined = values.auth === 'iam' ? { region, credentials: LOCAL_CREDENTIALS } : undefined;
  const endpoint = await startLocalEndpoint({
    handlerEnv: { ...handlerEnv, ...delivery?.env },
    requestStatusEnv: delivery && { ...handlerEnv, ...delivery.env },
    port,
    logs: 'inherit',
    iam,
  });

  console.log(`Task API: POST ${endpoint.url}/tasks; GET, PATCH and DELETE ${endpoint.url}/tasks/{contactId}`);
  if (iam) {
    console.log(`\nIAM authorization: sign requests with SigV4 for service execute-api in ${iam.region}, with these local credentials:\n`);
    console.log(`  export TASKS_URL=${endpoint.url}/tasks AWS_REGION=${iam.region} \\`);
    console.log(`    AWS_ACCESS_KEY_ID=${iam.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${iam.credentials.secretAccessKey} \\`);
    console.log(`    AWS_SESSION_TOKEN=${iam.credentials.sessionToken}`);
  }
  const signing = iam
    ? ` --aws-sigv4 "aws:amz:${iam.region}:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H "x-amz-security-token: $AWS_SESSION_TOKEN"`
    : '';
  console.log('\nCreate a task:\n');
  console.log(`  curl -sS -i -X POST ${endpoint.url}/tasks${signing} -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' \\`);
  console.log(`    -d '{"Name":"Call back customer 42"${target}}'\n`);
  if (delivery) {
    console.log('Queue a task (202), then read its status:\n');
    console.log(
      `  curl -sS -i -X POST ${endpoint.url}/tasks${signing} -H 'Content-Type: application/json' -H 'Prefer: respond-async' -H 'Idempotency-Key: demo-2' \\`,
    );
    console.log(`    -d '{"Name":"Call back customer 43"${target}}'`);
    console.log(`  curl -sS ${endpoint.url}${requestStatusPath('demo-2')}${signing}\n`);
  }
  console.log('With the ContactId a 201 answers, read the task, change its description and cancel it:\n');
  console.log(`  curl -sS -i ${endpoint.url}/tasks/<ContactId>?include=attributes${signing}`);
  console.log(`  curl -sS -i -X PATCH ${endpoint.url}/tasks/<ContactId>${signing} -H 'Content-Type: application/json' \\`);
  console.log(`    -d '{"Description":"Customer asked for Thursday"}'`);
  console.log(`  curl -sS -i -X DELETE ${endpoint.url}/tasks/<ContactId>${signing}\n`);
  console.log('Press Ctrl-C to stop.');

  stopWhenEnded(() => {
    // Closing waits for nothing that can hang, but the port must be freed whatever happens.
    setTimeout(() => process.exit(0), 2000).unref();
    void Promise.all([endpoint.close(), delivery?.close(), emulator?.close(), credentials?.close()]).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
