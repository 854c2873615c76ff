import type { APIGatewayProxyEvent } from 'aws-lambda';
import { benchContext as context, type Handler, withBundledHandler } from './bundled-handler';
import { cpuUs, emulatorProcess } from './emulator-process';
import { HOSTILE_CORPUS } from './hostile-corpus';
import { FLOW_ID } from './lambda-env';
import { median } from './stats';

const VALID_BODY = JSON.stringify({
  Name: 'Call back about order 42',
  Description: 'Customer asked for a call after 5pm',
  ContactFlowId: FLOW_ID,
  Attributes: { orderId: '42', channel: 'crm' },
  References: { order: { Type: 'URL', Value: 'https://crm.example.com/orders/42' } },
});

const proxyEvent = (headers: Record<string, string>, body: string) =>
  ({
    httpMethod: 'POST',
    path: '/tasks',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { requestId: 'bench' },
  }) as unknown as APIGatewayProxyEvent;

/** CPU time one call of the handler costs, in ms, and its answer's status. */
async function cpuMs(handler: Handler, event: APIGatewayProxyEvent): Promise<{ ms: number; status: number }> {
  let status = 0;
  const us = await cpuUs(async () => {
    status = (await handler(event, context)).statusCode;
  });
  return { ms: us / 1000, status };
}

export interface HostileCase {
  readonly name: string;
  readonly bytes: number;
  readonly status: number;
  /** Median CPU time of the repetitions, in ms. */
  readonly cpuMs: number;
}

export interface HostileResults {
  readonly cases: readonly HostileCase[];
  /** Median CPU time of a valid request, created in the emulator, in ms. */
  readonly validCpuMs: number;
}

/**
 * Loads the bundle into this process as Lambda would and measures the CPU time each request of
 * the hostile corpus costs (the median of `repetitions`), next to the median valid request.
 */
export async function hostile(
  bundle: string,
  { warmup, samples, repetitions }: { warmup: number; samples: number; repetitions: number },
): Promise<HostileResults> {
  const emulator = await emulatorProcess();
  try {
    return await withBundledHandler(bundle, { AWS_ENDPOINT_URL_CONNECT: emulator.url }, async (handler) => {
      const valid: number[] = [];
      for (let i = 0; i < warmup + samples; i++) {
        const { ms, status } = await cpuMs(handler, proxyEvent({ 'Content-Type': 'application/json' }, VALID_BODY));
        if (status !== 201) throw new Error(`a valid request was answered ${status}`);
        if (i >= warmup) valid.push(ms);
      }
      const cases: HostileCase[] = [];
      for (const request of HOSTILE_CORPUS) {
        const event = proxyEvent(request.headers, request.body);
        const runs: number[] = [];
        let status = 0;
        for (let i = 0; i < repetitions + 1; i++) {
          const run = await cpuMs(handler, event);
          status = run.status;
          if (i > 0) runs.push(run.ms); // the first run of each case warms its code paths
        }
        if (status < 400 || status >= 500) throw new Error(`${request.name}: answered ${status}, not a 4xx`);
        cases.push({ name: request.name, bytes: Buffer.byteLength(request.body), status, cpuMs: median(runs) });
      }
      return { cases, validCpuMs: median(valid) };
    });
  } finally {
    emulator.stop();
  }
}
