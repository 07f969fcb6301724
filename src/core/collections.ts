/** `current` followed by the items of `added` whose id it lacks (first one wins). */
export function unionById<T extends { id: string }>(current: readonly T[], added: readonly T[]): T[] {
  const seen = new Set(current.map((x) => x.id));
  return [...current, ...added.filter((x) => !seen.has(x.id) && seen.add(x.id))];
}
