import { escapePointer } from './rules';
import type { Violation } from './violation';

/**
 * U+FFFD is what a decoder writes in place of bytes that are not UTF-8 (API Gateway hands the
 * function a JSON body decoded that way), and an unpaired surrogate (a `\ud800` escape) becomes
 * U+FFFD when the text is encoded for Connect. Either way the text is not what the caller meant,
 * so it is refused rather than stored as U+FFFD. One character class: linear time.
 */
const DAMAGED = /[\uFFFD\p{Cs}]/u;

/** What JSON text holding damaged text must contain: the characters themselves, or their escapes. */
const MAY_HOLD_DAMAGED_TEXT = /[\uFFFD\p{Cs}]|\\u(?:[dD][89a-fA-F]|[fF]{3}[dD])/u;

const MESSAGE =
  'is not valid UTF-8 text: it holds U+FFFD (what bytes that are not UTF-8 become) or an unpaired surrogate; send the text encoded as UTF-8';

/**
 * Whether the JSON text a body was parsed from may hold damaged text: one scan of the text, so a
 * body that cannot is not walked key by key.
 */
export function mayHoldDamagedText(source: string): boolean {
  return MAY_HOLD_DAMAGED_TEXT.test(source);
}

interface Node {
  readonly value: object;
  readonly key?: string;
  readonly parent?: Node;
}

/** Where a key of a node sits in the body, as a JSON Pointer. */
function pointerOf(node: Node, key: string): string {
  let path = `/${escapePointer(key)}`;
  for (let n: Node | undefined = node; n?.parent; n = n.parent) path = `/${escapePointer(n.key!)}${path}`;
  return path;
}

/** A violation whose path is built only when read: of thousands, a caller and a log read the first 50. */
function violationAt(node: Node, key: string, message: string): Violation {
  return {
    get path() {
      return pointerOf(node, key);
    },
    message,
  };
}

/**
 * Every string value and key of a parsed body that is not valid Unicode text. Walks the body
 * without recursion, so no nesting depth can overflow the stack.
 */
export function checkText(body: unknown): Violation[] {
  if (typeof body === 'string') return DAMAGED.test(body) ? [{ path: '', message: MESSAGE }] : [];
  if (typeof body !== 'object' || body === null) return [];
  const violations: Violation[] = [];
  const pending: Node[] = [{ value: body }];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const children: Node[] = [];
    for (const key of Object.keys(node.value)) {
      const child = (node.value as Record<string, unknown>)[key];
      if (DAMAGED.test(key)) violations.push(violationAt(node, key, `key ${MESSAGE}`));
      if (typeof child === 'string') {
        if (DAMAGED.test(child)) violations.push(violationAt(node, key, MESSAGE));
      } else if (typeof child === 'object' && child !== null) children.push({ value: child, key, parent: node });
    }
    // Reversed onto the stack so that objects are walked, and reported, in document order.
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return violations;
}
