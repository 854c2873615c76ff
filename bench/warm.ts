import { ConnectClient, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { readSeed, startConnectEmulator } from '../emulator';
import { parseInstanceArn } from '../lib/contract';
import { benchContext as context, withBundledHandler } from './bundled-handler';
import { FLOW_ID, INSTANCE_ARN, LAMBDA_ENV } from './lambda-env';
import { msSince, quantile } from './stats';

const VALID_BODY = {
  Name: 'Call back about order 42',
  Description: 'Customer asked for a call after 5pm',
  ContactFlowId: FLOW_ID,
  Attributes: { orderId: '42', channel: 'crm' },
  References: { order: { Type: 'URL' as const, Value: 'https://crm.example.com/orders/42' } },
};
/** Breaks several rules at once (empty Name, bad attribute key, unknown field), so every check runs. */
const INVALID_BODY = JSON.stringify({ Name: '', ContactFlowId: FLOW_ID, Attributes: { 'order id': '42' }, Priority: 1 });

const proxyEvent = (body: string) =>
  ({
    httpMethod: 'POST',
    path: '/tasks',
    headers: { 'Content-Type': 'application/json' },
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench' },
  }) as unknown as APIGatewayProxyEvent;

export interface Latency {
  readonly p50: number;
  readonly p99: number;
}
const latency = (samples: number[]): Latency => ({ p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) });

export interface WarmResults {
  /** A valid request through the bundled handler, and the same StartTaskContact sent by a bare SDK client (ms). */
  readonly handler: Latency;
  readonly rawSdk: Latency;
  /** An invalid request, answered without calling Connect, and JSON.parse of its body (µs). */
  readonly rejection: Latency;
  readonly jsonParse: Latency;
}

/**
 * Loads the bundle into this process with a Lambda-like environment and times it against the
 * emulator on loopback. Its log lines are formatted as Lambda's JSON log format does, and written to the handler log.
 */
export async function warm(bundle: string, { warmup, samples }: { warmup: number; samples: number }): Promise<WarmResults> {
  const seed = readSeed();
  const emulator = await startConnectEmulator({
    seed: { instances: seed.instances.map((i) => ({ ...i, activeTaskQuota: Number.MAX_SAFE_INTEGER })) },
    // The bench times the handler, not Connect's quota.
    throttle: 'off',
  });
  try {
    return await withBundledHandler(bundle, { AWS_ENDPOINT_URL_CONNECT: emulator.url }, async (handler) => {
      // The handler's own client settings; region, endpoint and credentials come from the same environment.
      const raw = new ConnectClient({ region: LAMBDA_ENV.AWS_REGION, maxAttempts: 3, retryMode: 'standard' });
      const rawInput = { InstanceId: parseInstanceArn(INSTANCE_ARN)!.instanceId, ...VALID_BODY };
      const validEvent = proxyEvent(JSON.stringify(VALID_BODY));
      const invalidEvent = proxyEvent(INVALID_BODY);

      const viaHandler = async () => {
        const start = process.hrtime.bigint();
        const result = await handler(validEvent, context);
        const ms = msSince(start);
        if (result.statusCode !== 201) throw new Error(`the handler answered ${result.statusCode}: ${result.body}`);
        return ms;
      };
      const viaSdk = async () => {
        const start = process.hrtime.bigint();
        const output = await raw.send(new StartTaskContactCommand(rawInput));
        const ms = msSince(start);
        if (!output.ContactId) throw new Error('the raw SDK call returned no ContactId');
        return ms;
      };
      const handlerMs: number[] = [];
      const sdkMs: number[] = [];
      for (let i = 0; i < warmup + samples; i++) {
        // Alternating which goes first keeps any effect of order (a just-used socket, GC) off one side.
        const [h, s] = i % 2 === 0 ? [await viaHandler(), await viaSdk()] : [await viaSdk(), await viaHandler()].reverse();
        if (i >= warmup) {
          handlerMs.push(h);
          sdkMs.push(s);
        }
      }
      raw.destroy();

      const rejectionUs: number[] = [];
      const parseUs: number[] = [];
      for (let i = 0; i < (warmup + samples) * 2; i++) {
        let start = process.hrtime.bigint();
        const result = await handler(invalidEvent, context);
        const rejected = msSince(start) * 1000;
        if (result.statusCode !== 400) throw new Error(`the handler answered ${result.statusCode} to an invalid request`);
        start = process.hrtime.bigint();
        JSON.parse(invalidEvent.body!);
        const parsed = msSince(start) * 1000;
        if (i >= warmup * 2) {
          rejectionUs.push(rejected);
          parseUs.push(parsed);
        }
      }
      return { handler: latency(handlerMs), rawSdk: latency(sdkMs), rejection: latency(rejectionUs), jsonParse: latency(parseUs) };
    });
  } finally {
    await emulator.close();
  }
}
