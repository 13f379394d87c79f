/** One paint a page recorded: when (page clock, ms) and which view (its marker). */
export interface Paint {
  at: number;
  marker: number;
}

/**
 * Glass-to-glass latencies, sorted ascending: pairs each receiver paint of a new picture with
 * the latest source paint of that picture before it. Pairs over 2 s apart are a marker seen
 * again on a later lap, not one picture, and are left out.
 */
export function glassToGlass(source: readonly Paint[], receiver: readonly Paint[]): number[] {
  const out: number[] = [];
  let prev = -1;
  for (const r of receiver) {
    if (r.marker === prev) continue;
    prev = r.marker;
    let match: number | null = null;
    for (const s of source) {
      if (s.at > r.at) break;
      if (s.marker === r.marker) match = s.at;
    }
    if (match !== null && r.at - match < 2000) out.push(r.at - match);
  }
  return out.sort((a, b) => a - b);
}
