import { escapePointer } from './rules';
import type { Violation } from './violation';

/**
 * U+FFFD is what a decoder writes in place of bytes that are not UTF-8 (API Gateway hands the
 * function a JSON body decoded that way), and an unpaired surrogate (a `\ud800` escape) becomes
 * U+FFFD when the text is encoded for Connect. Either way the text is not what the caller meant,
 * so it is refused rather than stored as U+FFFD. One character class: linear time.
 */
const DAMAGED = /[\uFFFD\p{Cs}]/u;

const MESSAGE =
  'is not valid UTF-8 text: it holds U+FFFD (what bytes that are not UTF-8 become) or an unpaired surrogate; send the text encoded as UTF-8';

interface Node {
  readonly value: unknown;
  readonly key?: string;
  readonly parent?: Node;
}

/** Where a node sits in the body, as a JSON Pointer; built only for the nodes reported. */
function pointerOf(node: Node): string {
  let path = '';
  for (let n: Node | undefined = node; n?.parent; n = n.parent) path = `/${escapePointer(n.key!)}${path}`;
  return path;
}

/**
 * Every string value and key of a parsed body that is not valid Unicode text. Walks the body
 * without recursion, so no nesting depth can overflow the stack.
 */
export function checkText(body: unknown): Violation[] {
  const violations: Violation[] = [];
  const pending: Node[] = [{ value: body }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (DAMAGED.test(value)) violations.push({ path: pointerOf(node), message: MESSAGE });
    } else if (typeof value === 'object' && value !== null) {
      const entries: Array<readonly [string, unknown]> = Array.isArray(value)
        ? (value as unknown[]).map((v, i) => [String(i), v] as const)
        : Object.entries(value);
      // Pushed in reverse so the body is reported in document order.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const childNode = { value: child, key, parent: node };
        if (DAMAGED.test(key)) violations.push({ path: pointerOf(childNode), message: `key ${MESSAGE}` });
        pending.push(childNode);
      }
    }
  }
  return violations;
}
