// ElasticMQ, an SQS server that speaks SQS's JSON protocol to @aws-sdk/client-sqs, run from its
// Maven artifacts: fetched once into .cache/ and started as a JVM on 127.0.0.1, on a free port.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './required-tool';
import { superviseServer } from './supervised-server';

/** `org.elasticmq:elasticmq-server_2.13` (Apache-2.0). */
export const ELASTICMQ_VERSION = '1.6.11';
const CACHE_DIR = join(__dirname, '..', '.cache', 'elasticmq', ELASTICMQ_VERSION);
const LIB_DIR = join(CACHE_DIR, 'lib');

const INSTALL_HINT =
  'ElasticMQ, the local SQS, runs on Java 17+ and is fetched with Maven. Install both, e.g. ' +
  '`apt-get install openjdk-17-jre-headless maven` (Debian/Ubuntu) or `brew install openjdk@17 maven` (macOS), then run again.';

export interface ElasticMq {
  /** The endpoint for the SQS client, e.g. through `AWS_ENDPOINT_URL_SQS`. */
  readonly url: string;
  close(): Promise<void>;
}

/** The server's jars in .cache/, fetched with Maven the first time; concurrent callers each fetch into their own folder and the first rename wins. */
export function ensureElasticMqJars(): string {
  if (existsSync(LIB_DIR)) return LIB_DIR;
  requireTool('mvn', INSTALL_HINT);
  const work = join(CACHE_DIR, `fetch-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  writeFileSync(
    join(work, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>elasticmq-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.elasticmq</groupId><artifactId>elasticmq-server_2.13</artifactId><version>${ELASTICMQ_VERSION}</version></dependency>
  </dependencies>
</project>
`,
  );
  const fetch = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'], {
    cwd: work,
    encoding: 'utf8',
  });
  try {
    if (fetch.status !== 0) {
      throw new Error(`fetching ElasticMQ ${ELASTICMQ_VERSION} with Maven failed:\n${fetch.stdout}${fetch.stderr}\n${INSTALL_HINT}`);
    }
    try {
      renameSync(join(work, 'lib'), LIB_DIR);
    } catch (error) {
      if (!existsSync(LIB_DIR)) throw error;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return LIB_DIR;
}

/** ElasticMQ's configuration: loopback only, a port the OS picks, SQS's own limits, no statistics server. */
const CONFIG = `include classpath("application.conf")
generate-node-address = true
rest-sqs { enabled = true, bind-port = 0, bind-hostname = "127.0.0.1", sqs-limits = strict }
rest-stats { enabled = false }
aws { region = "elasticmq", accountId = "000000000000" }
`;

/** Starts ElasticMQ and resolves once it accepts requests; its queues live in memory and go with it. */
export async function startElasticMq(): Promise<ElasticMq> {
  requireTool('java', INSTALL_HINT);
  const lib = ensureElasticMqJars();
  const dir = mkdtempSync(join(tmpdir(), 'elasticmq-'));
  const configFile = join(dir, 'loopback.conf');
  const logFile = join(dir, 'server.log');
  writeFileSync(configFile, CONFIG);
  // The server's output goes to a file, not a pipe, so nothing of it keeps this process running:
  // a test run that never closes it still ends, and kills it on the way out.
  const log = openSync(logFile, 'w');
  // A small heap and the quick JIT tier: the server holds test queues, and starts in about 2 s.
  const jvm = spawn(
    'java',
    [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      `-Dconfig.file=${configFile}`,
      '-cp',
      join(lib, '*'),
      'org.elasticmq.server.Main',
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  jvm.unref();
  return superviseServer(jvm, {
    name: 'ElasticMQ',
    dir,
    logFile,
    address: /visible server address (http:\/\/\S+)/,
    installHint: INSTALL_HINT,
  });
}
