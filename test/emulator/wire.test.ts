import {
  ConnectClient,
  ContactNotFoundException,
  DescribeContactCommand,
  GetTaskTemplateCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  StartTaskContactCommand,
  StopContactCommand,
} from '@aws-sdk/client-connect';
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { ConnectEmulator } from '../../emulator';
import { INSTANCE, rawRequest, rejectionOf, useEmulator } from './fixtures';

const running = useEmulator();

const startTask = (input: Partial<StartTaskContactCommand['input']> = {}) =>
  running.connect.send(
    new StartTaskContactCommand({ InstanceId: INSTANCE.id, Name: 'Call back', ContactFlowId: INSTANCE.flowId, ...input }),
  );

describe('the Connect wire protocol', () => {
  let emulator: ConnectEmulator;
  let connect: ConnectClient;
  beforeAll(() => {
    ({ emulator, connect } = running);
  });

  test('StartTaskContact and DescribeContact round-trip a task, timestamps included', async () => {
    // GIVEN a task started with a description, an attribute and a time an hour ahead, in whole seconds
    const scheduled = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const { ContactId } = await startTask({ Description: 'Account 42', Attributes: { accountId: '42' }, ScheduledTime: scheduled });

    // WHEN it is described
    const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId }));

    // THEN the SDK reads back every field, its timestamps as dates
    expect(Contact).toMatchObject({
      Id: ContactId,
      Arn: `${INSTANCE.arn}/contact/${ContactId}`,
      Channel: 'TASK',
      InitiationMethod: 'API',
      Name: 'Call back',
      Description: 'Account 42',
      Attributes: { accountId: '42' },
      ScheduledTimestamp: scheduled,
    });
    expect(Contact!.InitiationTimestamp).toBeInstanceOf(Date);
    expect(Contact!.DisconnectTimestamp).toBeUndefined();
  });

  test('timestamps travel as epoch seconds: an ISO string is not a timestamp in rest-json', async () => {
    // GIVEN a StartTaskContact body whose ScheduledTime is an ISO string
    // WHEN it is sent on the wire, without the SDK
    const response = await rawRequest(
      `${emulator.url}/contact/task`,
      'PUT',
      JSON.stringify({
        InstanceId: INSTANCE.id,
        Name: 'x',
        ContactFlowId: INSTANCE.flowId,
        ScheduledTime: new Date().toISOString(),
      }),
    );
    // THEN it is a 400 InvalidParameterException saying timestamps are epoch seconds
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterException');
    expect(await response.json()).toEqual({ Message: expect.stringMatching(/ScheduledTime.*epoch seconds/) });
  });

  test('GetTaskTemplate answers a seeded template', async () => {
    // GIVEN the seeded template that has a flow
    // WHEN GetTaskTemplate asks for it
    const template = await connect.send(
      new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId }),
    );
    // THEN it answers the template, active, with its flow and creation time
    expect(template).toMatchObject({ Id: INSTANCE.templateWithFlowId, ContactFlowId: INSTANCE.flowId, Status: 'ACTIVE' });
    expect(template.CreatedTime).toBeInstanceOf(Date);
  });

  test('errors carry the model status and x-amzn-ErrorType, so the SDK throws the modelled class', async () => {
    // GIVEN a task for a flow the instance does not have
    // WHEN it is started
    const notFound = await rejectionOf(startTask({ ContactFlowId: 'no-such-flow' }));
    // THEN the SDK throws ResourceNotFoundException with Connect's message and a 404
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);
    expect(notFound).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Contact flow not found.',
      $metadata: { httpStatusCode: 404 },
    });

    // AND WHEN a task with a Name over the model's length is started THEN it throws InvalidParameterException
    const invalid = await rejectionOf(startTask({ Name: 'x'.repeat(1025) }));
    expect(invalid).toBeInstanceOf(InvalidParameterException);
    expect(invalid.message).toMatch(/Name.*less than or equal to 1024/);
  });

  test('StopContact answers 410 ContactNotFoundException for an unknown contact and for an ended one', async () => {
    // GIVEN a contact id the instance never had
    // WHEN it is stopped
    const unknown = await rejectionOf(connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId: 'no-such-contact' })));
    // THEN Connect answers 410 ContactNotFoundException
    expect(unknown).toBeInstanceOf(ContactNotFoundException);
    expect(unknown.$metadata?.httpStatusCode).toBe(410);

    // AND GIVEN a task that was started and stopped
    const { ContactId } = await startTask();
    await connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId }));
    // WHEN it is stopped again
    const ended = await rejectionOf(connect.send(new StopContactCommand({ InstanceId: INSTANCE.id, ContactId })));
    // THEN Connect answers ContactNotFoundException too, and the contact stays ended
    expect(ended).toBeInstanceOf(ContactNotFoundException);
    const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId }));
    expect(Contact!.DisconnectTimestamp).toBeInstanceOf(Date);
  });

  test('a request to no operation is a 404 UnknownOperationException; a body that is not JSON a 400', async () => {
    // GIVEN a method and path that no operation of the model has
    // WHEN it is requested
    const unknown = await rawRequest(`${emulator.url}/contact/task`, 'GET');
    // THEN it is a 404 UnknownOperationException
    expect([unknown.status, unknown.headers.get('x-amzn-errortype')]).toEqual([404, 'UnknownOperationException']);
    // AND WHEN StopContact is sent a body that is not JSON THEN it is a 400 SerializationException
    const notJson = await rawRequest(`${emulator.url}/contact/stop`, 'POST', '{');
    expect([notJson.status, notJson.headers.get('x-amzn-errortype')]).toEqual([400, 'SerializationException']);
  });

  test('the SDK finds the emulator through AWS_ENDPOINT_URL_CONNECT, read at the first request', async () => {
    // GIVEN AWS_ENDPOINT_URL_CONNECT set to the emulator, and a client made without an endpoint
    const saved = process.env.AWS_ENDPOINT_URL_CONNECT;
    process.env.AWS_ENDPOINT_URL_CONNECT = emulator.url;
    const viaEnv = new ConnectClient({ region: INSTANCE.region, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' } });
    try {
      // WHEN it asks for a seeded template
      const template = await viaEnv.send(
        new GetTaskTemplateCommand({ InstanceId: INSTANCE.id, TaskTemplateId: INSTANCE.templateWithFlowId }),
      );
      // THEN the emulator answers it
      expect(template.Id).toBe(INSTANCE.templateWithFlowId);
    } finally {
      viaEnv.destroy();
      process.env.AWS_ENDPOINT_URL_CONNECT = saved;
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_CONNECT;
    }
  });
});
