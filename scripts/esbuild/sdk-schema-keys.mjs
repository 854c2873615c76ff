import { readFile } from 'node:fs/promises';

/**
 * The AWS SDK's generated schema modules describe every operation of a service in objects keyed
 * by string constants (`{ [_h]: [...] }`). esbuild cannot prove a computed key free of side
 * effects, so it keeps every operation's schema — most of the client's size. Writing those keys
 * as the literals they name lets it drop the operations a handler never sends.
 */
export const sdkSchemaKeys = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/].+[\\/]dist-es[\\/](.+[\\/])?schemas[\\/]schemas_\d+\.js$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const strings = new Map([...source.matchAll(/^const (_\w+) = ("[^"\\]*");$/gm)].map(([, name, literal]) => [name, literal]));
      const contents = source.replace(/\[(_\w+)\]:/g, (key, name) => (strings.has(name) ? `${strings.get(name)}:` : key));
      return { contents, loader: 'js' };
    });
  },
};
