import { createWriteStream, mkdirSync, openSync, type WriteStream, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the log and metric lines of every handler the bench runs go; the terminal keeps the bench's own output. */
export const HANDLER_LOG = join(__dirname, 'results', 'handler-logs.ndjson');

let fd: number | undefined;

/** Empties the handler log: each `npm run bench` starts its own. */
export function startHandlerLog(): void {
  mkdirSync(dirname(HANDLER_LOG), { recursive: true });
  writeFileSync(HANDLER_LOG, '');
}

/** The handler log, opened once for appending; lines are written synchronously, as Lambda's runtime writes them. */
export function handlerLogFd(): number {
  if (fd === undefined) {
    mkdirSync(dirname(HANDLER_LOG), { recursive: true });
    fd = openSync(HANDLER_LOG, 'a');
  }
  return fd;
}

let stream: WriteStream | undefined;

/** The handler log as one stream, for handlers run in worker threads (the local endpoint of the drills). */
export function handlerLogStream(): WriteStream {
  if (!stream) {
    mkdirSync(dirname(HANDLER_LOG), { recursive: true });
    stream = createWriteStream(HANDLER_LOG, { flags: 'a' });
    // Every handler of the drills pipes its output here: many sources into one file is the point.
    stream.setMaxListeners(0);
  }
  return stream;
}

/**
 * A console that formats as Lambda's Node.js runtime does with the JSON log format: one object
 * per line, `{ timestamp, level, requestId, message }`, where a single logged object becomes
 * `message` through JSON.stringify (not util.inspect).
 */
export function lambdaJsonConsole(requestId: string): Console {
  const log = (level: string) => (message: unknown) => {
    writeSync(handlerLogFd(), `${JSON.stringify({ timestamp: new Date().toISOString(), level, requestId, message })}\n`);
  };
  const info = log('INFO');
  return { ...console, log: info, info, debug: log('DEBUG'), warn: log('WARN'), error: log('ERROR') };
}
