import { beforeAll, describe, expect, test } from '@jest/globals';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { TaskApi, TaskTarget } from '../../lib';
import { TASK_LIMITS, TASK_REQUEST_SCHEMA, TASK_UPDATE_SCHEMA, validateTaskUpdate } from '../../lib/contract';
import { validateStructure, validateUpdate } from '../../lib/contract/task-request/validators';
import { call, event, loadHandler } from '../handlers/start-task-harness';
import { resourcesOf } from '../template';
import { type CorpusEntry, taskBodyCorpus, taskUpdateCorpus } from './corpus';
import { type GatewayRun, type RegexEngine, type SchemaRun, validateWithGateway } from './java-validator';

/**
 * What API Gateway's request validator does with a body must agree with the function: the
 * gateway never rejects a body the function accepts, and the structural schema the two share
 * means the same in API Gateway's dialect (java-json-tools, JSON Schema draft 4, `pattern` in
 * Rhino or Nashorn) as in the function's (Ajv).
 */

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555';
const DRAFT_4 = 'http://json-schema.org/draft-04/schema#';
const ENGINES: RegexEngine[] = ['rhino', 'nashorn'];
// Fetching the jars (first run only) and starting two JVMs takes longer than a unit test.
const JVM_TIMEOUT_MS = 10 * 60_000;

const corpus = taskBodyCorpus(new Date());
const updates = taskUpdateCorpus(corpus);
// One run of the validator judges both corpora; the update bodies follow the task bodies.
const texts = [...corpus, ...updates].map((entry) => entry.text);

/** A request model as synthesized into the template: POST /tasks's, or PATCH /tasks/{contactId}'s. */
function synthesizedModel(title: string): object {
  const stack = new Stack(new App(), 'Dialect');
  new TaskApi(stack, 'Tasks', { instanceArn: INSTANCE_ARN, defaultTarget: TaskTarget.contactFlow('aaaaaaaa-1111-2222-3333-444444444444') });
  const models = Object.values(resourcesOf<{ Schema: { title?: string } }>(Template.fromStack(stack), 'AWS::ApiGateway::Model'));
  const [model] = models.filter((m) => m.Properties.Schema.title === title);
  return model.Properties.Schema;
}

/** The function's verdict on each body: the handler, with Connect answering, accepts it (201) or not. */
async function functionVerdicts(entries: readonly CorpusEntry[]): Promise<boolean[]> {
  const loaded = loadHandler({ DEFAULT_TARGET: JSON.stringify({ ContactFlowId: 'aaaaaaaa-1111-2222-3333-444444444444' }) });
  loaded.connect.resolves({ ContactId: 'contact-1' });
  const verdicts: boolean[] = [];
  for (const entry of entries) verdicts.push((await call(loaded, event(entry.text))).status === 201);
  return verdicts;
}

function parsed(text: string): { json: true; value: unknown } | { json: false } {
  try {
    return { json: true, value: JSON.parse(text) };
  } catch {
    return { json: false };
  }
}

const describeEntry = (i: number, run: SchemaRun) =>
  `${corpus[i].name}: ${run.verdicts[i].errors.map((e) => `${e.pointer || '/'} ${e.keyword}`).join(', ') || 'no error'}`;

let accepted: boolean[];
const gateway: Partial<Record<RegexEngine, GatewayRun<'model' | 'structural' | 'updateModel' | 'updateStructural'>>> = {};

beforeAll(async () => {
  accepted = await functionVerdicts(corpus);
  // The models POST and PATCH are deployed with, and the function's structural schemas as draft-4 models.
  const schemas = {
    model: synthesizedModel(TASK_REQUEST_SCHEMA.title),
    structural: { $schema: DRAFT_4, ...TASK_REQUEST_SCHEMA },
    updateModel: synthesizedModel(TASK_UPDATE_SCHEMA.title),
    updateStructural: { $schema: DRAFT_4, ...TASK_UPDATE_SCHEMA },
  };
  for (const engine of ENGINES) gateway[engine] = validateWithGateway(schemas, texts, engine);
}, JVM_TIMEOUT_MS);

test('the corpus has at least 100 bodies, and the function judges each as the corpus says', () => {
  // GIVEN the corpus WHEN the function judges it THEN every body exercises what its name says
  expect(corpus.length).toBeGreaterThanOrEqual(100);
  const wrong = corpus
    .filter((entry, i) => accepted[i] !== entry.accepted)
    .map((e) => `${e.name}: expected ${e.accepted ? 'accepted' : 'rejected'}`);
  expect(wrong).toEqual([]);
});

describe.each(ENGINES)("API Gateway's validator with %s", (engine) => {
  test('really evaluates patterns with that engine', () => {
    // GIVEN the validator's class path WHEN it loads THEN it reports the engine it settled on
    expect(gateway[engine]!.engine).toMatch(engine === 'rhino' ? /^Rhino 1\.7/ : /Nashorn/);
  });

  test('accepts the synthesized request model and never rejects a body the function accepts', () => {
    // GIVEN the model POST /tasks is deployed with WHEN the gateway and the function judge each body
    const run = gateway[engine]!.schemas.model;
    // THEN every body the gateway rejects, the function rejects too
    expect(run.schemaErrors).toEqual([]);
    const rejectedOnlyByGateway = corpus.flatMap((_, i) => (!run.verdicts[i].valid && accepted[i] ? [describeEntry(i, run)] : []));
    expect(rejectedOnlyByGateway).toEqual([]);
  });

  test('reads the structural schema as the function does, body for body', () => {
    // GIVEN the function's whole structural schema, as a draft-4 model
    const run = gateway[engine]!.schemas.structural;
    expect(run.schemaErrors).toEqual([]);
    // WHEN the gateway's validator and the function's judge each JSON body
    const disagreements = corpus.flatMap((_, i) => {
      const body = parsed(texts[i]);
      if (!body.json) return [];
      const functionValid = validateStructure(body.value);
      return functionValid === run.verdicts[i].valid ? [] : [`${describeEntry(i, run)} (function: ${functionValid ? 'valid' : 'invalid'})`];
    });
    // THEN they agree on every one
    expect(disagreements).toEqual([]);
  });
});

describe.each(ENGINES)("API Gateway's validator with %s, on PATCH /tasks/{contactId} bodies", (engine) => {
  const offset = corpus.length;
  const updateBody = (i: number) => parsed(updates[i].text) as { json: true; value: unknown };
  const describeUpdate = (i: number, run: SchemaRun) =>
    `${updates[i].name}: ${run.verdicts[offset + i].errors.map((e) => `${e.pointer || '/'} ${e.keyword}`).join(', ') || 'no error'}`;

  test('accepts the synthesized update model and never rejects a body the function accepts', () => {
    // GIVEN the model PATCH is deployed with WHEN the gateway and the function judge each update body
    const run = gateway[engine]!.schemas.updateModel;
    const policy = { maxScheduleAheadSeconds: TASK_LIMITS.defaultMaxScheduleAheadSeconds, now: new Date() };
    // THEN every body the gateway rejects, the function rejects too
    expect(run.schemaErrors).toEqual([]);
    const rejectedOnlyByGateway = updates.flatMap((_, i) =>
      !run.verdicts[offset + i].valid && validateTaskUpdate(updateBody(i).value, policy).valid ? [describeUpdate(i, run)] : [],
    );
    expect(rejectedOnlyByGateway).toEqual([]);
  });

  test('reads the update schema as the function does, body for body', () => {
    // GIVEN the function's update schema, as a draft-4 model
    const run = gateway[engine]!.schemas.updateStructural;
    expect(run.schemaErrors).toEqual([]);
    // WHEN the gateway's validator and the function's judge each update body
    const disagreements = updates.flatMap((_, i) => {
      const functionValid = validateUpdate(updateBody(i).value);
      return functionValid === run.verdicts[offset + i].valid
        ? []
        : [`${describeUpdate(i, run)} (function: ${functionValid ? 'valid' : 'invalid'})`];
    });
    // THEN they agree on every one, and the corpus holds bodies each way
    expect(disagreements).toEqual([]);
    expect(updates.length).toBeGreaterThanOrEqual(50);
    expect(new Set(updates.map((_, i) => run.verdicts[offset + i].valid))).toEqual(new Set([true, false]));
  });
});
