// A local server run as a child process for npm start and the tests (ElasticMQ, moto): its output
// goes to a log file in its own temporary folder, and it goes, with that folder, when it is closed
// or when this process exits without closing it.
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const START_TIMEOUT_MS = 60_000;

export interface SupervisedServer {
  /** The address the server logged once it was bound. */
  readonly url: string;
  close(): Promise<void>;
}

export interface SupervisionOptions {
  /** The server's name in errors, e.g. `ElasticMQ`. */
  readonly name: string;
  /** The server's temporary folder, removed when it stops. */
  readonly dir: string;
  /** Where the server writes its output, inside `dir`. */
  readonly logFile: string;
  /** The line the server logs once it accepts requests; its first group is the URL. */
  readonly address: RegExp;
  /** What to install when the server cannot start. */
  readonly installHint: string;
}

/** Resolves once the started server logs its address; a server that fails to start is stopped and its folder removed. */
export async function superviseServer(server: ChildProcess, options: SupervisionOptions): Promise<SupervisedServer> {
  // A process that exits without closing the server (a deadline, a crash) still stops it and leaves no folder behind.
  const stopOnExit = () => {
    server.kill('SIGKILL');
    rmSync(options.dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const cleanUp = () => {
    process.removeListener('exit', stopOnExit);
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    const url = await serverAddress(server, options);
    return {
      url,
      close: async () => {
        if (server.exitCode === null && server.signalCode === null) {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          server.kill('SIGTERM');
          await exited;
        }
        cleanUp();
      },
    };
  } catch (error) {
    stopOnExit();
    cleanUp();
    throw error;
  }
}

/** The address the server logs once it is bound. */
async function serverAddress(server: ChildProcess, { name, logFile, address, installHint }: SupervisionOptions): Promise<string> {
  let failed: Error | undefined;
  server.once('error', (error) => (failed = new Error(`${name} could not start: ${error.message}. ${installHint}`)));
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const output = readFileSync(logFile, 'utf8');
    const match = address.exec(output);
    if (match) return match[1];
    if (failed) throw failed;
    if (server.exitCode !== null) throw new Error(`${name} exited with code ${server.exitCode} before it started:\n${output}`);
    if (Date.now() > until) throw new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
    await sleep(100);
  }
}
