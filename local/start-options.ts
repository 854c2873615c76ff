// The command line of `npm start`: its flags, the help that describes them, and their parsing.
import { parseArgs } from 'node:util';
import { EMULATOR_FLAGS, envName } from '../emulator/options';
import { START_TASK_ENV } from '../lib/contract';

/** The port the local endpoint listens on unless told otherwise. */
export const DEFAULT_PORT = 3000;

const START_FLAGS = {
  ...EMULATOR_FLAGS,
  port: { type: 'string' },
  'instance-arn': { type: 'string' },
  async: { type: 'boolean' },
  rate: { type: 'string' },
  auth: { type: 'string' },
  events: { type: 'string' },
  'events-repeat': { type: 'boolean' },
  'events-reorder': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One line of help per flag, in the order they are shown; typed by START_FLAGS, so a flag without help does not compile. */
const FLAG_HELP: Record<keyof typeof START_FLAGS, readonly [argument: string, help: string]> = {
  port: ['N', `the local endpoint's port (or PORT); default ${DEFAULT_PORT}, 0 for any free one`],
  auth: ['iam|none', 'iam: requests must be signed with SigV4, as the deployed API requires; default none'],
  async: ['', 'queued delivery too (ElasticMQ and dynalite; needs Java 17+ and Maven): 202s, GET /tasks/requests/{requestId}'],
  rate: ['N', 'with --async: StartTaskContact calls a second of the delivery function; default 1'],
  events: ['URL', "POST each task event's TaskEvents webhook payload to URL (emulator only); see docs/task-events.md"],
  'events-repeat': ['', 'with --events: send every payload twice, as EventBridge may'],
  'events-reorder': ['', 'with --events: hold each payload back up to 2 s, so later ones may overtake it'],
  'instance-arn': ['ARN', `a real Connect instance instead of the emulator (or ${START_TASK_ENV.instanceArn}), with your AWS credentials`],
  throttle: ['RATE:BURST|off', `the emulator's throttle (or ${envName('throttle')}); default 2:5, Connect's default quota`],
  'fail-next': ['N', `the emulator fails the next N calls with InternalServiceException (or ${envName('fail-next')})`],
  'delay-next': ['N:MS', `the emulator holds the next N calls MS milliseconds (or ${envName('delay-next')})`],
  seed: ['FILE', `the emulator's instances, flows and templates (or ${envName('seed')}); default emulator/seed.json`],
  'emulator-port': ['N', `the emulator's port (or ${envName('emulator-port')}); default any free one`],
  'max-schedule-ahead-seconds': ['S', `how far ahead the emulator lets a task be scheduled (or ${envName('max-schedule-ahead-seconds')})`],
  help: ['', 'print this help and exit'],
};

/** What `npm start -- --help` prints. */
export function startUsage(): string {
  const flags = Object.entries(FLAG_HELP).map(([flag, [argument]]) => `--${flag}${argument ? ` ${argument}` : ''}`);
  const width = Math.max(...flags.map((flag) => flag.length));
  const lines = Object.values(FLAG_HELP).map(([, help], i) => `  ${flags[i].padEnd(width)}  ${help}`);
  return [
    'Usage: npm start -- [options]',
    '',
    "The task API's bundled handlers on 127.0.0.1, against a local Amazon Connect emulator",
    '(or a real instance). Options:',
    '',
    ...lines,
    '',
    `The handlers read ${START_TASK_ENV.defaultTarget}, ${START_TASK_ENV.allowedTargets} and the other settings of their`,
    'Lambda environment from yours. More: docs/local-endpoint.md',
  ].join('\n');
}

/** Parses `npm start`'s arguments; an unknown flag or a bad value fails with a message that points to `--help`. */
export function parseStartOptions(args: readonly string[]) {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: START_FLAGS }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nSee npm start -- --help`, { cause: error });
  }
  if (values.auth !== undefined && values.auth !== 'iam' && values.auth !== 'none') {
    throw new Error(`--auth must be iam (SigV4, as the deployed API) or none; got ${values.auth}`);
  }
  if (values.events !== undefined && (values['instance-arn'] ?? process.env[START_TASK_ENV.instanceArn])) {
    throw new Error(
      "--events delivers the emulator's task events; a real instance sends its own to EventBridge (deploy a TaskEvents webhook)",
    );
  }
  return values;
}
