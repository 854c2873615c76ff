import { unescapePointer } from './rules';
import { TASK_REQUEST_SCHEMA } from './schema';

/** Who reads a violation's path: the caller who sent the body, or the function's log. */
export type PathAudience = 'caller' | 'log';

/** Keys longer than this are named by position even to the caller, so an error body stays small. */
const CALLER_KEY_MAX_LENGTH = 256;

interface SchemaNode {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Rewrites the JSON Pointers of violations found in `body` for their audience. Field names of the
 * contract (`Attributes`, `Value`, …) and array indexes stay. Keys the caller chose (attribute,
 * reference and segment attribute keys, unknown fields) may be personal data, as values are: a
 * log names them by their position in their object (`/Attributes/#3`, the fourth key); the caller,
 * whose data they are, sees them, unless a key is longer than 256 characters.
 */
export function pathsFor(audience: PathAudience, body: unknown): (path: string) => string {
  // Up to 50 paths are rewritten per request, into objects that may hold thousands of keys: each
  // object's key positions are counted once.
  const positions = new Map<object, Map<string, number>>();
  const positionOf = (container: Record<string, unknown>, key: string) => {
    let order = positions.get(container);
    if (!order) {
      order = new Map();
      const keys = Object.keys(container);
      for (let i = 0; i < keys.length; i++) order.set(keys[i], i);
      positions.set(container, order);
    }
    return order.get(key) ?? '?';
  };
  const shown = (key: string) => audience === 'caller' && key.length <= CALLER_KEY_MAX_LENGTH;

  return (path) => {
    // '' is the whole body; a path without a leading slash names a header, e.g. Idempotency-Key.
    if (!path.startsWith('/')) return path;
    let node: unknown = body;
    let schema: SchemaNode | undefined = TASK_REQUEST_SCHEMA;
    const segments = path
      .slice(1)
      .split('/')
      .map((segment) => {
        const key = unescapePointer(segment);
        const container = node;
        node = isObject(container) && Object.hasOwn(container, key) ? container[key] : undefined;
        if (Array.isArray(container)) {
          schema = schema?.items;
          return segment;
        }
        if (schema?.properties && Object.hasOwn(schema.properties, key)) {
          schema = schema.properties[key];
          return segment;
        }
        // A key the caller chose: the schema of its value is its map's pattern or additional properties.
        const additional = schema?.additionalProperties;
        schema = schema?.patternProperties
          ? Object.values(schema.patternProperties)[0]
          : typeof additional === 'object'
            ? additional
            : undefined;
        if (shown(key)) return segment;
        return `#${isObject(container) ? positionOf(container, key) : '?'}`;
      });
    return `/${segments.join('/')}`;
  };
}
