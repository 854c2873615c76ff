import { writeSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { handlerLogFd, lambdaJsonConsole } from './handler-logs';
import { LAMBDA_ENV } from './lambda-env';

export type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export const benchContext = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;

/**
 * Loads a handler bundle into this process as Lambda loads it (a CommonJS require, after its
 * environment is set) and runs `use` with it. The process sees only the environment Lambda gives
 * (whatever AWS settings the shell or CI has are not the function's), and the handler's log and
 * metric lines go to the handler log. Everything is put back afterwards, and the module is loaded
 * afresh each time: another part may have loaded it with another environment.
 */
export async function withBundledHandler<T>(
  bundle: string,
  env: Record<string, string>,
  use: (handler: Handler) => Promise<T>,
): Promise<T> {
  const savedEnv = process.env;
  const savedConsole = globalThis.console;
  const savedWrite = process.stdout.write.bind(process.stdout);
  process.env = { PATH: savedEnv.PATH, ...LAMBDA_ENV, ...env };
  globalThis.console = lambdaJsonConsole('bench');
  // The embedded metric format lines: the handlers write them to stdout themselves.
  process.stdout.write = (chunk: string | Uint8Array) => writeSyncAll(chunk);
  delete require.cache[require.resolve(bundle)];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(bundle) as { handler: Handler };
    return await use(handler);
  } finally {
    delete require.cache[require.resolve(bundle)];
    process.stdout.write = savedWrite;
    globalThis.console = savedConsole;
    process.env = savedEnv;
  }
}

function writeSyncAll(chunk: string | Uint8Array): boolean {
  if (typeof chunk === 'string') writeSync(handlerLogFd(), chunk);
  else writeSync(handlerLogFd(), chunk);
  return true;
}
