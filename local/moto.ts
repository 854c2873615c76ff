// moto's server (Apache-2.0), the local S3 of bulk imports: it takes presigned POST uploads and
// sends S3's object notifications to its own SQS queues. It is installed once from PyPI into a virtual environment in .cache/ and started on 127.0.0.1, on a
// free port.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './required-tool';
import { superviseServer } from './supervised-server';

/** `moto[server]` on PyPI. */
export const MOTO_VERSION = '5.2.1';
const CACHE_DIR = join(__dirname, '..', '.cache', 'moto', MOTO_VERSION);
const VENV_DIR = join(CACHE_DIR, 'venv');

const INSTALL_HINT =
  'moto, the local S3, runs on Python 3.9+ with pip and venv. Install them, e.g. `apt-get install python3 python3-venv` (Debian/Ubuntu) or `brew install python` (macOS), then run again; it is installed from PyPI into .cache/moto the first time.';

export interface Moto {
  /** The endpoint for the S3 client, and the SQS client of the queue S3 notifies. */
  readonly url: string;
  close(): Promise<void>;
}

/** The virtual environment's Python, with moto installed the first time; concurrent callers each install into their own folder and the first rename wins. */
export function ensureMoto(): string {
  const python = join(VENV_DIR, 'bin', 'python');
  if (existsSync(python)) return python;
  requireTool('python3', INSTALL_HINT);
  const work = join(CACHE_DIR, `install-${process.pid}-${Date.now()}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  const steps: Array<[string, string[]]> = [
    ['python3', ['-m', 'venv', work]],
    [join(work, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `moto[server]==${MOTO_VERSION}`]],
  ];
  try {
    for (const [command, args] of steps) {
      const step = spawnSync(command, args, { encoding: 'utf8' });
      if (step.status !== 0) throw new Error(`installing moto ${MOTO_VERSION} failed:\n${step.stdout}${step.stderr}\n${INSTALL_HINT}`);
    }
    try {
      // A venv's scripts name its folder: it is renamed whole, and its Python is run by path below.
      renameSync(work, VENV_DIR);
    } catch (error) {
      if (!existsSync(python)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return python;
}

/** Starts moto's server on a free port; prints the port it bound, then serves until it is ended. */
const SERVER = `
import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
print(f"moto listening on http://{host}:{port}", flush=True)
sys.stdin.read()
server.stop()
`;

/** Starts moto's server and resolves once it accepts requests; its state lives in memory and goes with it. */
export async function startMoto(): Promise<Moto> {
  const python = ensureMoto();
  const dir = mkdtempSync(join(tmpdir(), 'moto-'));
  const logFile = join(dir, 'server.log');
  const log = openSync(logFile, 'w');
  // stdin stays a pipe the server reads to its end: it stops when this process ends, even killed.
  const server = spawn(python, ['-c', SERVER], { stdio: ['pipe', log, log] });
  closeSync(log);
  server.unref();
  return superviseServer(server, { name: 'moto', dir, logFile, address: /moto listening on (http:\/\/\S+)/, installHint: INSTALL_HINT });
}
