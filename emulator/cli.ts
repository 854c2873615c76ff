// Runs the Connect emulator on its own: `npx tsx emulator/cli.ts --throttle 5:10`.
import { parseArgs } from 'node:util';
import { EMULATOR_FLAGS, emulatorOptions } from './options';
import { startConnectEmulator } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: EMULATOR_FLAGS });
  const emulator = await startConnectEmulator(emulatorOptions(values));
  const instances = [...emulator.state.instances.values()];
  console.log(`Connect emulator listening on ${emulator.url}`);
  console.log(`Point the AWS SDK or CLI at it with AWS_ENDPOINT_URL_CONNECT=${emulator.url} and any credentials.`);
  console.log(`Seeded instances: ${instances.map((i) => i.arn).join(', ')}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
