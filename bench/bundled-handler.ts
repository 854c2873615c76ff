import { writeSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { handlerLogFd, lambdaJsonConsole } from './handler-logs';
import { LAMBDA_ENV } from './lambda-env';

export type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export const benchContext = { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10_000 } as Context;

/**
 * Runs `use` in this process as Lambda runs a handler: the process sees only the environment
 * Lambda gives (whatever AWS settings the shell or CI has are not the function's), and log and
 * metric lines go to the handler log, formatted as Lambda's JSON log format does. All is put back afterwards.
 */
export async function asLambdaProcess<T>(env: Record<string, string>, use: () => Promise<T>): Promise<T> {
  const savedEnv = process.env;
  const savedConsole = globalThis.console;
  const savedWrite = process.stdout.write.bind(process.stdout);
  process.env = { PATH: savedEnv.PATH, ...LAMBDA_ENV, ...env };
  globalThis.console = lambdaJsonConsole('bench');
  // The embedded metric format lines: the handlers write them to stdout themselves.
  process.stdout.write = (chunk: string | Uint8Array) => writeSyncAll(chunk);
  try {
    return await use();
  } finally {
    process.stdout.write = savedWrite;
    globalThis.console = savedConsole;
    process.env = savedEnv;
  }
}

/**
 * Loads a handler bundle into this process as Lambda loads it (a CommonJS require, after its
 * environment is set) and runs `use` with it, `asLambdaProcess`. The module is loaded afresh each
 * time: another part may have loaded it with another environment.
 */
export async function withBundledHandler<T>(
  bundle: string,
  env: Record<string, string>,
  use: (handler: Handler) => Promise<T>,
): Promise<T> {
  return asLambdaProcess(env, async () => {
    delete require.cache[require.resolve(bundle)];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(bundle) as { handler: Handler };
      return await use(handler);
    } finally {
      delete require.cache[require.resolve(bundle)];
    }
  });
}

function writeSyncAll(chunk: string | Uint8Array): boolean {
  if (typeof chunk === 'string') writeSync(handlerLogFd(), chunk);
  else writeSync(handlerLogFd(), chunk);
  return true;
}
