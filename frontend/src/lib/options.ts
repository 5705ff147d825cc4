/**
 * A record's entries with its own key type, in the order it was written (Object.entries widens the keys to
 * string). Writing a choice list as a Record over its union type makes the compiler ask for an entry whenever a
 * choice is added to the union.
 */
export function entriesOf<K extends string, V>(record: Record<K, V>): [K, V][] {
  return Object.entries(record) as [K, V][];
}

/** Select and Segmented options from labels by value, in the record's order. */
export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return entriesOf(labels).map(([value, label]) => ({ value, label }));
}
