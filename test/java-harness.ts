import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { requireTool } from '../local/required-tool';

/**
 * A small Java program a test runs against a real implementation of AWS behaviour (API Gateway's
 * validator, EventBridge's event-ruler): its jars come from Maven Central through Maven, into
 * `.cache/` at the repository root, and it is compiled once per version of its sources.
 */

const CACHE = resolve(__dirname, '../.cache');

/** Runs a command, returning its stdout; throws with its output when it fails. */
export function run(command: string, args: string[], options: { input?: string; what: string }): string {
  const result = spawnSync(command, args, { input: options.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${options.what} failed (${command} exited ${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`.slice(0, 8000),
    );
  }
  return result.stdout;
}

export interface JavaHarnessOptions {
  /** The folder of `pom.xml` and the Java sources; the pom copies its jars into `${jars.dir}`. */
  readonly sources: string;
  /** The Java source files in `sources`. */
  readonly javaFiles: readonly string[];
  /** The harness's folder under `.cache/`. */
  readonly cacheName: string;
  /** What to tell the user when Java or Maven is missing. */
  readonly installHint: string;
  /** The jar folder (under `${jars.dir}`) `javac` compiles against. */
  readonly compileJars: string;
}

/** The compiled classes and the jars' folder of a harness, built once per version of its sources. */
export function prepareJavaHarness(options: JavaHarnessOptions): { classes: string; jars: string } {
  const files = ['pom.xml', ...options.javaFiles];
  const sources = files.map((f) => readFileSync(join(options.sources, f)));
  const version = createHash('sha256').update(Buffer.concat(sources)).digest('hex').slice(0, 16);
  const versions = join(CACHE, options.cacheName);
  const dir = join(versions, version);
  const classes = join(dir, 'classes');
  const jars = join(dir, 'jars');
  const ready = join(dir, 'ready');
  requireTool('java', options.installHint);
  if (existsSync(ready)) return { classes, jars };

  for (const tool of ['javac', 'mvn']) requireTool(tool, options.installHint);
  // Earlier versions of the harness (and a half-built one) go; the Maven repository stays.
  rmSync(versions, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  run(
    'mvn',
    [
      '--batch-mode',
      '--quiet',
      '-f',
      join(options.sources, 'pom.xml'),
      `-Dmaven.repo.local=${join(CACHE, 'm2')}`,
      `-Djars.dir=${jars}`,
      'generate-resources',
    ],
    { what: `Fetching the jars of ${basename(options.sources)} with Maven` },
  );
  const javaSources = options.javaFiles.map((f) => join(options.sources, f));
  run('javac', ['-cp', join(jars, options.compileJars, '*'), '-d', classes, ...javaSources], {
    what: `Compiling ${options.javaFiles.join(', ')}`,
  });
  writeFileSync(ready, version);
  return { classes, jars };
}
