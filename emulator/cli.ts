// Runs the Connect emulator on its own: `npx tsx emulator/cli.ts` (Connect's default quota, 2/s burst 5), `--throttle 5:10`, `--throttle off`.
import { parseArgs } from 'node:util';
import { EMULATOR_FLAGS, emulatorOptions, throttleSummary } from './options';
import { startConnectEmulator } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: EMULATOR_FLAGS });
  const options = emulatorOptions(values);
  const emulator = await startConnectEmulator(options);
  const instances = [...emulator.state.instances.values()];
  console.log(`Connect emulator listening on ${emulator.url}, ${throttleSummary(options.throttle)}`);
  console.log(`Point the AWS SDK or CLI at it with AWS_ENDPOINT_URL_CONNECT=${emulator.url} and any credentials.`);
  console.log(`Seeded instances: ${instances.map((i) => i.arn).join(', ')}`);
  // A parent Node.js process (the bench) gets the URL as a message rather than parsing the lines above, which are for people.
  process.send?.({ url: emulator.url });
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
