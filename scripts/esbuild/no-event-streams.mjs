/**
 * Bundles a module that fails, saying why, in place of `@smithy/core/event-streams`: the SDK's
 * HTTP protocols load it (a dynamic import, which esbuild inlines) only for an operation with an
 * event stream, and none of the operations the handlers send (Connect, SQS, DynamoDB) has one.
 * About 13 KiB of every handler bundle.
 */
export const noEventStreams = {
  name: 'no-event-streams',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, ({ path }) => ({ path, namespace: 'no-event-streams' }));
    build.onLoad({ filter: /.*/, namespace: 'no-event-streams' }, () => ({
      contents:
        'throw new Error("@smithy/core/event-streams is not bundled: no operation the cdk-connect-tasks handlers send has an event stream (scripts/esbuild/no-event-streams.mjs)");',
      loader: 'js',
    }));
  },
};
