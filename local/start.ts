// `npm start`: the bundled task handler behind a local HTTP endpoint, against the Connect
// emulator (the default) or a real Connect instance (`--instance-arn`). `--async` adds queued
// delivery on ElasticMQ and dynalite, as TaskApi's asyncDelivery deploys it (`--rate` calls a second),
// and bulk imports on moto's S3.
// `--auth iam` requires SigV4 signatures, as the deployed API does. `--events URL` POSTs each task
// event's webhook payload to URL, as a TaskEvents webhook would. `--help` lists every option.
import { emitWarningIfUnsupportedVersion } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DEFAULT_SEED_PATH, startConnectEmulator } from '../emulator';
import { emulatorOptions, throttleSummary } from '../emulator/options';
import { parseInstanceArn, START_TASK_ENV, TASK_ROUTES } from '../lib/contract';
import { startLocalAsyncDelivery } from './async-delivery';
import { ensureHandlerBundle } from './bundle';
import { startCredentialsEndpoint, withoutCredentialSettings } from './credentials-endpoint';
import { agentCurls, createTaskCurl, type CurlOptions, lifecycleCurls, requestStatusCurl } from './curls';
import { emulatorHandlerEnv } from './emulator-env';
import { stopWhenEnded } from './lifetime';
import { seededTaskTemplates } from './seeded-templates';
import { type LocalAnswer, startLocalEndpoint } from './server';
import { LOCAL_CREDENTIALS, LOCAL_SECOND_CALLER_CREDENTIALS, type LocalIam } from './sigv4-verifier';
import { DEFAULT_PORT, parseStartOptions, startUsage } from './start-options';
import { startTaskEventsDelivery, type TaskEventsDelivery } from './task-events-delivery';

/** What is running, closed in reverse order on the way out, whether `npm start` stops or fails to start. */
const running: Array<{ close(): Promise<unknown> }> = [];

/** Turns a port that is already in use into what to do about it; other errors pass unchanged. */
async function startListening<T>(port: number | undefined, flag: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === undefined) throw error;
    throw new Error(
      `Port ${port} is taken: something else listens on 127.0.0.1:${port}. Stop it, or pick another port: ` +
        `npm start -- ${flag} ${port + 1} (${flag} 0 takes any free one).`,
      { cause: error },
    );
  }
}

/**
 * After each task created, the curls that read, change and cancel that very task, and with the
 * emulator those that play the agent who works it.
 */
function printLifecycleCurls(curls: CurlOptions, answer: LocalAnswer, emulatorUrl: string | undefined): void {
  const { method, resource } = TASK_ROUTES.create;
  if (answer.method !== method || answer.resource !== resource || answer.statusCode !== 201) return;
  const { ContactId } = JSON.parse(answer.body) as { ContactId: string };
  console.log(`\nTask ${ContactId} created. Read it, change its description and cancel it:\n`);
  for (const curl of lifecycleCurls(curls, ContactId)) console.log(`  ${curl}`);
  if (emulatorUrl) {
    console.log('\nOr play the agent who works it (QUEUED, CONNECTED_TO_AGENT, then DISCONNECTED and COMPLETED):\n');
    for (const curl of agentCurls(emulatorUrl, ContactId)) console.log(`  ${curl}`);
  }
  console.log('');
}

async function main(): Promise<void> {
  const values = parseStartOptions(process.argv.slice(2));
  if (values.help) {
    console.log(startUsage());
    return;
  }
  // The SDK's notice that it will need a newer Node.js, once: every handler loads the SDK in a
  // worker of its own, and each would print it again.
  emitWarningIfUnsupportedVersion(process.version);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const port = Number(values.port ?? process.env.PORT ?? DEFAULT_PORT);
  const realInstanceArn = values['instance-arn'] ?? process.env[START_TASK_ENV.instanceArn];
  ensureHandlerBundle();

  let handlerEnv: NodeJS.ProcessEnv;
  let target: object;
  let instanceArn: string;
  let emulatorUrl: string | undefined;
  let taskEvents: TaskEventsDelivery | undefined;
  if (realInstanceArn) {
    instanceArn = realInstanceArn;
    // Real Connect: Connect's own endpoint, and the credentials of the SDK's default chain (a
    // profile, SSO, ...). The bundled handlers read credentials as Lambda gives them, so they are
    // resolved here and served to them on a container credentials endpoint.
    const developerCredentials = defaultProvider();
    await developerCredentials();
    const credentials = await startCredentialsEndpoint(developerCredentials);
    running.push(credentials);
    handlerEnv = { ...withoutCredentialSettings(process.env), ...credentials.env, [START_TASK_ENV.instanceArn]: realInstanceArn };
    console.log(`Connect: the real instance ${realInstanceArn}, with your AWS credentials`);
    target = process.env[START_TASK_ENV.defaultTarget] ? {} : { ContactFlowId: '<your-contact-flow-id>' };
  } else {
    const options = emulatorOptions(values);
    const emulator = await startListening(options.port, '--emulator-port', () =>
      startConnectEmulator({ ...options, onContactEvent: (event) => taskEvents?.deliver(event) }),
    );
    running.push(emulator);
    emulatorUrl = emulator.url;
    const [instance] = emulator.state.instances.values();
    if (values.events !== undefined) {
      taskEvents = startTaskEventsDelivery({
        url: values.events,
        instanceArn: instance.arn,
        repeat: values['events-repeat'],
        reorderWithinMs: values['events-reorder'] ? REORDER_WITHIN_MS : 0,
      });
      running.push(taskEvents);
    }
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
    target = {};
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
        imports: {},
      })
    : undefined;
  if (delivery) {
    running.push(delivery);
    console.log(
      `Queued delivery: ElasticMQ and dynalite, ${delivery.plan.invocationRatePerSecond * delivery.plan.concurrency} StartTaskContact calls a second`,
    );
    console.log('Bulk imports: moto for S3 (the presigned upload and its notification), ElasticMQ and dynalite');
  }
  const region = parseInstanceArn(instanceArn)?.region;
  if (!region) throw new Error(`${instanceArn} is not an Amazon Connect instance ARN`);
  const iam: LocalIam | undefined =
    values.auth === 'iam' ? { region, credentials: LOCAL_CREDENTIALS, additionalCallers: [LOCAL_SECOND_CALLER_CREDENTIALS] } : undefined;
  const endpoint = await startListening(port, '--port', () =>
    startLocalEndpoint({
      handlerEnv: { ...handlerEnv, ...delivery?.env },
      requestStatusEnv: delivery && { ...handlerEnv, ...delivery.env },
      importsEnv: delivery && { ...handlerEnv, ...delivery.env },
      port,
      logs: 'inherit',
      iam,
      onAnswer: (answer) => printLifecycleCurls({ url: endpoint.url, iam }, answer, emulatorUrl),
    }),
  );
  running.push(endpoint);
  const curls: CurlOptions = { url: endpoint.url, iam };

  console.log(`Task API: POST ${endpoint.url}/tasks; GET, PATCH and DELETE ${endpoint.url}/tasks/{contactId}`);
  if (iam) {
    console.log(`\nIAM authorization: sign requests with SigV4 for service execute-api in ${iam.region}, with these local credentials:\n`);
    console.log(`  export TASKS_URL=${endpoint.url}/tasks AWS_REGION=${iam.region} \\`);
    console.log(`    AWS_ACCESS_KEY_ID=${iam.credentials.accessKeyId} AWS_SECRET_ACCESS_KEY=${iam.credentials.secretAccessKey} \\`);
    console.log(`    AWS_SESSION_TOKEN=${iam.credentials.sessionToken}`);
    const [second] = iam.additionalCallers ?? [];
    console.log(
      `\nA second caller, another principal (its requests are its own): ${second.accessKeyId} / ${second.secretAccessKey} / ${second.sessionToken}`,
    );
  }
  if (emulatorUrl) printTaskEvents(values.events, values['events-repeat'], values['events-reorder']);
  console.log('\nCreate a task:\n');
  console.log(`  ${createTaskCurl(curls, { Name: 'Call back customer 42', ...target }, { 'Idempotency-Key': 'demo-1' })}\n`);
  if (delivery) {
    console.log('Queue a task (202), then read its status:\n');
    const queued = { Prefer: 'respond-async', 'Idempotency-Key': 'demo-2' };
    console.log(`  ${createTaskCurl(curls, { Name: 'Call back customer 43', ...target }, queued)}`);
    console.log(`  ${requestStatusCurl(curls, 'demo-2')}\n`);
    console.log(`Import a file of tasks (one POST /tasks body per line): POST ${endpoint.url}/tasks/imports answers an upload form;`);
    console.log('send the file to its url with its fields (curl -F name=value … -F file=@tasks.jsonl), then GET its Location.\n');
  }
  console.log(
    `After each 201, the curls that read, change and cancel that task${emulatorUrl ? ', and play its agent,' : ''} are printed here.`,
  );
  console.log('Press Ctrl-C to stop.');

  stopWhenEnded(() => void stop(0));
}

/** With --events-reorder, each delivery waits up to this long, so later events may overtake it. */
const REORDER_WITHIN_MS = 2000;

/** How the emulator's task events reach a receiver. */
function printTaskEvents(url: string | undefined, repeat?: boolean, reorder?: boolean): void {
  if (url === undefined) {
    console.log('\nTask events: add --events http://127.0.0.1:8080/hooks/tasks to have each task event POSTed there as a');
    console.log(
      'TaskEvents webhook sends it (--events-repeat, --events-reorder: as EventBridge may deliver them); see docs/task-events.md.',
    );
  } else {
    const how = [repeat && 'each twice', reorder && 'out of order'].filter(Boolean).join(', ');
    console.log(`\nTask events: each task event's webhook payload is POSTed to ${url}${how ? ` (${how})` : ''}.`);
  }
}

/** Closes what is running, then exits; closing waits for nothing that can hang, but the port must be freed whatever happens. */
async function stop(code: number): Promise<void> {
  setTimeout(() => process.exit(code), 5000).unref();
  await Promise.all(running.map((part) => part.close().catch(() => undefined)));
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
