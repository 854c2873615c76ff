import { ConnectClient } from '@aws-sdk/client-connect';
import { afterAll, beforeAll } from '@jest/globals';
import {
  type ConnectEmulator,
  type ConnectEmulatorOptions,
  readSeed,
  type Seed,
  type SeedInstance,
  startConnectEmulator,
} from '../../emulator';

/** The shipped seed, read once: tests name its resources instead of repeating their ids. */
export const SEED = readSeed();
const [seeded, otherRegion] = SEED.instances;

export const INSTANCE = {
  arn: seeded.arn,
  id: seeded.arn.split('/')[1],
  region: 'eu-west-2',
  flowId: seeded.contactFlows[0].id,
  templateWithFlowId: seeded.taskTemplates.find((t) => t.contactFlowId)!.id,
  templateWithoutFlowId: seeded.taskTemplates.find((t) => !t.contactFlowId)!.id,
  quickConnectId: seeded.quickConnects[0].id,
  voiceContactId: seeded.contacts!.find((c) => c.channel === 'VOICE')!.id,
  chatContactId: seeded.contacts!.find((c) => c.channel === 'CHAT')!.id,
};

export const US_INSTANCE = { id: otherRegion.arn.split('/')[1], region: 'us-east-1', flowId: otherRegion.contactFlows[0].id };

/** The shipped seed with the first instance changed, e.g. a smaller active-task quota. */
export function seedWith(changes: Partial<SeedInstance>): Seed {
  return { instances: [{ ...seeded, ...changes }, otherRegion] };
}

/** A Connect client for the emulator; one attempt by default, so each test sees Connect's first answer. */
export function connectClient(url: string, { region = INSTANCE.region, maxAttempts = 1 } = {}): ConnectClient {
  return new ConnectClient({
    region,
    endpoint: url,
    maxAttempts,
    credentials: { accessKeyId: 'AKIATESTEMULATOR0000', secretAccessKey: 'test-secret' },
  });
}

/** The error a promise rejects with, to assert on its class, name and status. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** An Authorization header shaped like SigV4's, scoped to `region` and `service`; the emulator checks only the scope. */
export const fakeAuthorization = (region = INSTANCE.region, service = 'connect') =>
  `AWS4-HMAC-SHA256 Credential=AKIATEST/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

/** A request without the SDK, to see the wire as it is; a null authorization sends none. */
export const rawRequest = (url: string, method: string, body?: string, authorization: string | null = fakeAuthorization()) =>
  fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(authorization && { Authorization: authorization }) },
    body,
  });

/**
 * An emulator and a one-attempt client for the enclosing describe block (or file): started
 * before its tests, closed after them. Read the fields inside tests, once they are set.
 */
export function useEmulator(options: ConnectEmulatorOptions = {}): { emulator: ConnectEmulator; connect: ConnectClient } {
  const running = {} as { emulator: ConnectEmulator; connect: ConnectClient };
  beforeAll(async () => {
    running.emulator = await startConnectEmulator(options);
    running.connect = connectClient(running.emulator.url);
  });
  afterAll(async () => {
    running.connect.destroy();
    await running.emulator.close();
  });
  return running;
}
