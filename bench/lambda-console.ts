import { openSync, writeSync } from 'node:fs';

/**
 * A console that formats as Lambda's Node.js runtime does with the JSON log format: one object
 * per line, `{ timestamp, level, requestId, message }`, where a single logged object becomes
 * `message` through JSON.stringify (not util.inspect). Lines are written synchronously, as the
 * runtime writes them, but to /dev/null.
 */
export function lambdaJsonConsole(requestId: string): Console {
  const fd = openSync('/dev/null', 'w');
  const log = (level: string) => (message: unknown) => {
    writeSync(fd, `${JSON.stringify({ timestamp: new Date().toISOString(), level, requestId, message })}\n`);
  };
  const info = log('INFO');
  return { ...console, log: info, info, debug: log('DEBUG'), warn: log('WARN'), error: log('ERROR') };
}
