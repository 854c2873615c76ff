// dynalite, a DynamoDB server in Node.js (Apache-2.0), in memory on 127.0.0.1 and a free port.
// It runs in a worker thread of its own, so its work does not compete with the caller's event loop.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface Dynalite {
  /** The endpoint for the DynamoDB client, e.g. through `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly url: string;
  close(): Promise<void>;
}

// Tables become ACTIVE at once instead of after dynalite's default half-second delay.
const SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const server = require(workerData.dynalite)({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => process.exit(0)));
`;

export async function startDynalite(): Promise<Dynalite> {
  const worker = new Worker(SERVER, { eval: true, workerData: { dynalite: require.resolve('dynalite') } });
  const [port] = (await once(worker, 'message')) as [number];
  // A run that never closes it still ends.
  worker.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const exited = once(worker, 'exit');
      worker.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
