/**
 * JSON of a value with every object's keys in sorted order, so two requests that differ only in
 * key order (another serializer, another SDK) have the same text. Connect compares a reused
 * ClientToken's request by value; this is how the emulator does it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
