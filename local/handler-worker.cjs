// Runs the bundled handler in a worker thread whose process.env the parent sets, because the
// handler reads its configuration from the environment once, when its module loads.
const { AsyncLocalStorage } = require('node:async_hooks');
const { format } = require('node:util');
const { parentPort, workerData } = require('node:worker_threads');

// Lambda's JSON log format, as the deployed functions have it: each console call is one line, a
// JSON object with the time, the level, the invocation's request id and the message (a logged
// object as it is, anything else as text), instead of Node.js's multi-line inspection of objects.
const invocation = new AsyncLocalStorage();
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(LEVELS)) {
  console[method] = (...args) => {
    const [first] = args;
    const structured = args.length === 1 && typeof first === 'object' && first !== null && !(first instanceof Error);
    const line = {
      timestamp: new Date().toISOString(),
      level,
      requestId: invocation.getStore(),
      message: structured ? first : format(...args),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
}

let handler;
try {
  ({ handler } = require(workerData.handlerPath));
} catch (error) {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  return;
}
parentPort.postMessage({ type: 'ready' });

parentPort.on('message', async ({ id, event, awsRequestId, timeoutMs }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    awsRequestId,
    functionName: 'start-task-local',
    functionVersion: '$LATEST',
    memoryLimitInMB: '256',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    parentPort.postMessage({ id, result: await invocation.run(awsRequestId, () => handler(event, context)) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
