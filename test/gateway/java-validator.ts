import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { requireTool } from '../../local/required-tool';

/**
 * API Gateway's request validator, run locally: java-json-tools json-schema-validator (JSON
 * Schema draft 4) in a JVM, with the script engine it evaluates `pattern` with. Its jars come
 * from Maven Central through Maven, into `.cache/` at the repository root, once per version of
 * `validator/pom.xml` and `validator/GatewayValidator.java`.
 */

/** The two engines the library can evaluate `pattern` with: Rhino (its own default) or Nashorn. */
export type RegexEngine = 'rhino' | 'nashorn';

export interface GatewayError {
  readonly pointer: string;
  readonly keyword: string;
  /** The validator's own message; it quotes values, so it is for test output only. */
  readonly message: string;
}

export interface GatewayVerdict {
  readonly valid: boolean;
  readonly errors: readonly GatewayError[];
}

export interface SchemaRun {
  /** What the library's syntax validator finds wrong with the schema (e.g. a pattern its engine cannot compile). */
  readonly schemaErrors: readonly GatewayError[];
  /** One per body, in order. */
  readonly verdicts: readonly GatewayVerdict[];
}

export interface GatewayRun<Name extends string> {
  /** The engine the library reported using, e.g. `Rhino 1.7.7.2 …` or `OpenJDK Nashorn`. */
  readonly engine: string;
  readonly schemas: Record<Name, SchemaRun>;
}

const SOURCES = resolve(__dirname, 'validator');
const CACHE = resolve(__dirname, '../../.cache');
const INSTALL_HINT =
  "the gateway dialect test runs API Gateway's validator in a JVM and needs a JDK 17+ (java, javac) and Maven (mvn) on PATH: " +
  'on Debian or Ubuntu `apt-get install openjdk-17-jdk-headless maven`, on macOS `brew install openjdk@17 maven`.';

function run(command: string, args: string[], options: { input?: string; what: string }): string {
  const result = spawnSync(command, args, { input: options.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${options.what} failed (${command} exited ${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`.slice(0, 8000),
    );
  }
  return result.stdout;
}

/** The jars and compiled harness, built once per version of the harness's sources. */
function prepare(): { classes: string; jars: Record<'validator' | 'nashorn', string> } {
  const sources = ['pom.xml', 'GatewayValidator.java'].map((f) => readFileSync(join(SOURCES, f)));
  const version = createHash('sha256').update(Buffer.concat(sources)).digest('hex').slice(0, 16);
  const versions = join(CACHE, 'gateway-validator');
  const dir = join(versions, version);
  const classes = join(dir, 'classes');
  const jars = { validator: join(dir, 'jars', 'validator'), nashorn: join(dir, 'jars', 'nashorn') };
  const ready = join(dir, 'ready');
  requireTool('java', INSTALL_HINT);
  if (existsSync(ready)) return { classes, jars };

  for (const tool of ['javac', 'mvn']) requireTool(tool, INSTALL_HINT);
  // Earlier versions of the harness (and a half-built one) go; the Maven repository stays.
  rmSync(versions, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  run(
    'mvn',
    [
      '--batch-mode',
      '--quiet',
      '-f',
      join(SOURCES, 'pom.xml'),
      `-Dmaven.repo.local=${join(CACHE, 'm2')}`,
      `-Djars.dir=${join(dir, 'jars')}`,
      'generate-resources',
    ],
    { what: 'Fetching the validator jars with Maven' },
  );
  run('javac', ['-cp', join(jars.validator, '*'), '-d', classes, join(SOURCES, 'GatewayValidator.java')], {
    what: 'Compiling GatewayValidator.java',
  });
  writeFileSync(ready, version);
  return { classes, jars };
}

/**
 * Judges each body text with API Gateway's validator against each of the named schemas, in one
 * JVM. Bodies are JSON texts, sent as they are (a lone surrogate stays a `\ud800` escape).
 */
export function validateWithGateway<Name extends string>(
  schemas: Record<Name, object>,
  bodies: readonly string[],
  engine: RegexEngine,
): GatewayRun<Name> {
  const { classes, jars } = prepare();
  const classPath = [classes, join(jars.validator, '*'), ...(engine === 'nashorn' ? [join(jars.nashorn, '*')] : [])].join(delimiter);
  const output = run('java', ['-cp', classPath, 'GatewayValidator'], {
    input: JSON.stringify({ schemas, bodies }),
    what: `Running API Gateway's validator (${engine})`,
  });
  return JSON.parse(output) as GatewayRun<Name>;
}
