import { delimiter, join, resolve } from 'node:path';
import { prepareJavaHarness, run } from '../java-harness';

/**
 * EventBridge's matching, run locally: aws/event-ruler's `Machine` in a JVM. Its jars come from
 * Maven Central through Maven, into `.cache/` at the repository root, once per version of
 * `ruler/pom.xml` and `ruler/EventRuler.java`.
 */

const INSTALL_HINT =
  "the event pattern tests run EventBridge's event-ruler in a JVM and need a JDK 17+ (java, javac) and Maven (mvn) on PATH: " +
  'on Debian or Ubuntu `apt-get install openjdk-17-jdk-headless maven`, on macOS `brew install openjdk@17 maven`.';

/** For each event, the names of the patterns event-ruler finds it matches, sorted. */
export function matchWithEventRuler(patterns: Record<string, unknown>, events: readonly unknown[]): string[][] {
  const { classes, jars } = prepareJavaHarness({
    sources: resolve(__dirname, 'ruler'),
    javaFiles: ['EventRuler.java'],
    cacheName: 'event-ruler',
    installHint: INSTALL_HINT,
    compileJars: 'ruler',
  });
  const output = run('java', ['-cp', [classes, join(jars, 'ruler', '*')].join(delimiter), 'EventRuler'], {
    input: JSON.stringify({ patterns, events }),
    what: "Running EventBridge's event-ruler",
  });
  return (JSON.parse(output) as { matches: string[][] }).matches;
}
