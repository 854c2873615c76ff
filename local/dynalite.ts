// dynalite, a DynamoDB server in Node.js (Apache-2.0), in memory on 127.0.0.1 and a free port.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface Dynalite {
  /** The endpoint for the DynamoDB client, e.g. through `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<Dynalite> {
  // Tables become ACTIVE at once instead of after dynalite's default half-second delay.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
