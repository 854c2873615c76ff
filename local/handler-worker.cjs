// Runs the bundled handler in a worker thread whose process.env the parent sets, because the
// handler reads its configuration from the environment once, when its module loads.
const { parentPort, workerData } = require('node:worker_threads');

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
    parentPort.postMessage({ id, result: await handler(event, context) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
