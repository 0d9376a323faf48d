/**
 * Items grouped by a key, each group in input order (so ties resolve as a filter over the input would).
 * Node 20 has no Map.groupBy (it comes with Node 21).
 */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
