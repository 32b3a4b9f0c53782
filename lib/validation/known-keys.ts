/**
 * Synth runs without a type-check (tsc runs in the tests), so a misspelt optional field in the
 * catalogue (`securityGroups:` on a subnet instead of `securityGroup:`) would otherwise be
 * dropped without a word. This walks plain objects against the list of fields each level knows.
 *
 * `KeySpec<T>` makes the compiler hold that list to the interface: every field of T must be
 * listed, nested objects and arrays of objects get their own list, and anything else is `true`.
 */
export type KeySpec<T> = { [K in keyof T]-?: Shape<NonNullable<T[K]>> };
type Shape<V> = V extends readonly (infer E)[]
  ? E extends object ? readonly [KeySpec<E>] : true
  : V extends object
    ? string extends keyof V ? true : KeySpec<V>
    : true;

export interface UnknownKey {
  /** where the object sits, e.g. `azure.subnets[1]` */
  readonly field: string;
  readonly key: string;
  readonly known: readonly string[];
}

/** Lists every key of `value` (recursively) that `spec` does not know. */
export function findUnknownKeys(value: unknown, spec: unknown, field = ''): UnknownKey[] {
  if (spec === true || value === null || typeof value !== 'object') return [];
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return [];
    return value.flatMap((item, i) => findUnknownKeys(item, spec[0], `${field}[${i}]`));
  }
  if (Array.isArray(value)) return [];

  const known = spec as Record<string, unknown>;
  const found: UnknownKey[] = [];
  for (const [key, child] of Object.entries(value)) {
    const where = field ? `${field}.${key}` : key;
    if (!(key in known)) found.push({ field: field || '(entry)', key, known: Object.keys(known) });
    else found.push(...findUnknownKeys(child, known[key], where));
  }
  return found;
}
