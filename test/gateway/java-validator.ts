import { delimiter, join, resolve } from 'node:path';
import { prepareJavaHarness, run } from '../java-harness';

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

const INSTALL_HINT =
  "the gateway dialect test runs API Gateway's validator in a JVM and needs a JDK 17+ (java, javac) and Maven (mvn) on PATH: " +
  'on Debian or Ubuntu `apt-get install openjdk-17-jdk-headless maven`, on macOS `brew install openjdk@17 maven`.';

/**
 * Judges each body text with API Gateway's validator against each of the named schemas, in one
 * JVM. Bodies are JSON texts, sent as they are (a lone surrogate stays a `\ud800` escape).
 */
export function validateWithGateway<Name extends string>(
  schemas: Record<Name, object>,
  bodies: readonly string[],
  engine: RegexEngine,
): GatewayRun<Name> {
  const { classes, jars } = prepareJavaHarness({
    sources: resolve(__dirname, 'validator'),
    javaFiles: ['GatewayValidator.java'],
    cacheName: 'gateway-validator',
    installHint: INSTALL_HINT,
    compileJars: 'validator',
  });
  const classPath = [classes, join(jars, 'validator', '*'), ...(engine === 'nashorn' ? [join(jars, 'nashorn', '*')] : [])].join(delimiter);
  const output = run('java', ['-cp', classPath, 'GatewayValidator'], {
    input: JSON.stringify({ schemas, bodies }),
    what: `Running API Gateway's validator (${engine})`,
  });
  return JSON.parse(output) as GatewayRun<Name>;
}
