import {
  type ConnectClient,
  DescribeContactCommand,
  GetContactAttributesCommand,
  InvalidRequestException,
  ListContactReferencesCommand,
  type ReferenceType,
  ResourceNotFoundException,
  StartTaskContactCommand,
  type StartTaskContactCommandInput,
  UpdateContactAttributesCommand,
  UpdateContactCommand,
} from '@aws-sdk/client-connect';
import type { ConnectEmulator } from '../../emulator';
import { memberNames, shapeViolations } from '../../emulator/model';
import { INSTANCE, rawRequest, rejectionOf, useEmulator } from './fixtures';

// These tests check Connect's answers, not its quota: a throttle would answer some of them first.
const running = useEmulator({ throttle: 'off' });
let emulator: ConnectEmulator;
let connect: ConnectClient;
beforeAll(() => ({ emulator, connect } = running));

const startTask = async (input: Partial<StartTaskContactCommandInput> = {}) =>
  (
    await connect.send(
      new StartTaskContactCommand({ InstanceId: INSTANCE.id, Name: 'Call back', ContactFlowId: INSTANCE.flowId, ...input }),
    )
  ).ContactId!;
const references = async (ContactId: string, ReferenceTypes: ReferenceType[]) =>
  (await connect.send(new ListContactReferencesCommand({ InstanceId: INSTANCE.id, ContactId, ReferenceTypes }))).ReferenceSummaryList;

describe('DescribeContact', () => {
  /** The Contact as it travels: every member one the model's Contact shape has, each of its shape. */
  async function wireContact(contactId: string): Promise<Record<string, unknown>> {
    const response = await rawRequest(`${emulator.url}/contacts/${INSTANCE.id}/${contactId}`, 'GET');
    expect(response.status).toBe(200);
    const { Contact } = (await response.json()) as { Contact: Record<string, unknown> };
    return Contact;
  }

  test('answers a task with members of the model’s Contact shape only, each valid', async () => {
    // GIVEN a task started on the shared emulator (useEmulator) with a description and a reference
    const contactId = await startTask({
      Description: 'Account 42',
      References: { crm: { Type: 'URL', Value: 'https://crm.example.com/42' } },
    });
    // WHEN the task is described, as it travels on the wire
    const contact = await wireContact(contactId);
    // THEN every member is one of the model's Contact shape, each valid, and it is an API-initiated task
    expect(memberNames('Contact')).toEqual(expect.arrayContaining(Object.keys(contact)));
    expect(shapeViolations('Contact', contact)).toEqual([]);
    expect(contact).toMatchObject({ Channel: 'TASK', InitiationMethod: 'API', InitiationTimestamp: expect.any(Number) as unknown });
  });

  test('answers the seeded voice and chat contacts with their channel and initiation method', async () => {
    // GIVEN / WHEN the seed's voice and chat contacts are described, as they travel on the wire
    const voice = await wireContact(INSTANCE.voiceContactId);
    const chat = await wireContact(INSTANCE.chatContactId);
    // THEN each carries its own channel and initiation method, the voice contact valid and without a name
    expect(voice).toMatchObject({ Id: INSTANCE.voiceContactId, Channel: 'VOICE', InitiationMethod: 'INBOUND' });
    expect(chat).toMatchObject({ Id: INSTANCE.chatContactId, Channel: 'CHAT', InitiationMethod: 'API' });
    expect(shapeViolations('Contact', voice)).toEqual([]);
    expect(voice.Name).toBeUndefined();
  });
});

describe('UpdateContact', () => {
  test('sets the name and description and adds or replaces references by name', async () => {
    // GIVEN a task started with a crm URL reference
    const contactId = await startTask({ References: { crm: { Type: 'URL', Value: 'https://crm.example.com/1' } } });
    // WHEN it is updated with a new name, description, crm URL and an added amount reference
    await connect.send(
      new UpdateContactCommand({
        InstanceId: INSTANCE.id,
        ContactId: contactId,
        Name: 'Call back today',
        Description: 'Moved up',
        References: { crm: { Type: 'URL', Value: 'https://crm.example.com/2' }, amount: { Type: 'NUMBER', Value: '12.5' } },
      }),
    );
    // THEN the task is described with the new name and description
    const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId: contactId }));
    expect(Contact).toMatchObject({ Name: 'Call back today', Description: 'Moved up' });
    // AND its crm reference is replaced and the amount reference added
    expect(await references(contactId, ['URL', 'NUMBER'])).toEqual([
      { Url: { Name: 'crm', Value: 'https://crm.example.com/2' } },
      { Number: { Name: 'amount', Value: '12.5' } },
    ]);
  });

  test('fails with InvalidRequestException when it changes nothing, or references break the rules', async () => {
    // GIVEN a contact whose references already use 4,000 of the 4,096 bytes
    const contactId = await startTask({ References: { notes: { Type: 'STRING', Value: 'x'.repeat(3995) } } });
    const update = (input: Partial<UpdateContactCommand['input']>) =>
      rejectionOf(connect.send(new UpdateContactCommand({ InstanceId: INSTANCE.id, ContactId: contactId, ...input })));
    // WHEN it is updated with no change, with references over 4,096 bytes, with an attachment reference
    // or with a URL reference that is not a URL THEN each update fails with InvalidRequestException
    expect(await update({})).toBeInstanceOf(InvalidRequestException);
    expect(await update({ References: { more: { Type: 'STRING', Value: 'y'.repeat(100) } } })).toBeInstanceOf(InvalidRequestException);
    expect(await update({ References: { file: { Type: 'ATTACHMENT', Value: 'arn:aws:s3:::bucket/x' } } })).toBeInstanceOf(
      InvalidRequestException,
    );
    expect(await update({ References: { link: { Type: 'URL', Value: 'not a url' } } })).toBeInstanceOf(InvalidRequestException);
  });

  test('fails with ResourceNotFoundException for an unknown contact', async () => {
    // GIVEN / WHEN a contact id the emulator never issued is renamed
    const error = await rejectionOf(
      connect.send(new UpdateContactCommand({ InstanceId: INSTANCE.id, ContactId: 'ffffffff-0000-0000-0000-000000000000', Name: 'x' })),
    );
    // THEN the update fails with ResourceNotFoundException
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('UpdateContactAttributes and GetContactAttributes', () => {
  test('add and replace attributes, which GetContactAttributes and DescribeContact then show', async () => {
    // GIVEN a task started with an accountId and a tier attribute
    const contactId = await startTask({ Attributes: { accountId: '42', tier: 'gold' } });
    // WHEN its attributes are updated with a new tier and an added region
    await connect.send(
      new UpdateContactAttributesCommand({
        InstanceId: INSTANCE.id,
        InitialContactId: contactId,
        Attributes: { tier: 'platinum', region: 'eu' },
      }),
    );
    // THEN GetContactAttributes shows the untouched, replaced and added attributes
    const expected = { accountId: '42', tier: 'platinum', region: 'eu' };
    const got = await connect.send(new GetContactAttributesCommand({ InstanceId: INSTANCE.id, InitialContactId: contactId }));
    expect(got.Attributes).toEqual(expected);
    // AND DescribeContact shows the same
    const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: INSTANCE.id, ContactId: contactId }));
    expect(Contact!.Attributes).toEqual(expected);
  });

  test('an attribute key outside [A-Za-z0-9_-] is an InvalidRequestException; an unknown contact a ResourceNotFoundException', async () => {
    // GIVEN a task started on the shared emulator (useEmulator)
    const contactId = await startTask();
    // WHEN it is given an attribute whose key has a space
    // AND the attributes of a contact id the emulator never issued are asked for
    const badKey = await rejectionOf(
      connect.send(
        new UpdateContactAttributesCommand({ InstanceId: INSTANCE.id, InitialContactId: contactId, Attributes: { 'a b': '1' } }),
      ),
    );
    const unknown = await rejectionOf(
      connect.send(new GetContactAttributesCommand({ InstanceId: INSTANCE.id, InitialContactId: 'ffffffff-0000-0000-0000-000000000000' })),
    );
    // THEN the first fails with InvalidRequestException, the second with ResourceNotFoundException
    expect(badKey).toBeInstanceOf(InvalidRequestException);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('ListContactReferences', () => {
  test('lists the references of the types asked for, as the union member of each type', async () => {
    // GIVEN a task started with a URL, a DATE and a STRING reference
    const contactId = await startTask({
      References: {
        crm: { Type: 'URL', Value: 'https://crm.example.com/42' },
        due: { Type: 'DATE', Value: '1767225600' },
        note: { Type: 'STRING', Value: 'VIP' },
      },
    });
    // WHEN its references are listed for every type, then for DATE only
    const all = await references(contactId, ['URL', 'DATE', 'STRING', 'NUMBER', 'EMAIL']);
    const datesOnly = await references(contactId, ['DATE']);
    // THEN each reference comes as the union member of its type, and only DATE ones when DATE alone is asked for
    expect(all).toEqual([
      { Url: { Name: 'crm', Value: 'https://crm.example.com/42' } },
      { Date: { Name: 'due', Value: '1767225600' } },
      { String: { Name: 'note', Value: 'VIP' } },
    ]);
    expect(datesOnly).toEqual([{ Date: { Name: 'due', Value: '1767225600' } }]);
  });

  test('requires referenceTypes, as the model does', async () => {
    // GIVEN a task started on the shared emulator (useEmulator)
    const contactId = await startTask();
    // WHEN its references are listed with no referenceTypes
    const response = await rawRequest(`${emulator.url}/contact/references/${INSTANCE.id}/${contactId}`, 'GET');
    // THEN the answer is a 400 InvalidParameterException
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidParameterException');
  });
});
