/**
 * Index ranges of a stream that hold no data: `missing` (not received yet: a hole a late frame may
 * still fill) or `expired` (gone from Redis and files: it stays a hole). Plots show both as breaks in
 * the line, never as zeros. Kept sorted, disjoint, and merged when adjacent with the same reason;
 * streams have a handful of them, so plain arrays are enough.
 */

export type GapReason = 'missing' | 'expired';

export interface Gap {
  /** First index of the range. */
  from: number;
  /** End of the range (exclusive). */
  to: number;
  reason: GapReason;
}

export class GapList {
  private list: Gap[] = [];

  get ranges(): readonly Gap[] {
    return this.list;
  }

  clear(): void {
    this.list = [];
  }

  /** Removes [from, to) from every gap (data arrived there), splitting gaps that straddle it. */
  remove(from: number, to: number): void {
    if (to <= from || this.list.length === 0) return;
    const next: Gap[] = [];
    for (const g of this.list) {
      if (g.to <= from || g.from >= to) {
        next.push(g);
        continue;
      }
      if (g.from < from) next.push({ from: g.from, to: from, reason: g.reason });
      if (g.to > to) next.push({ from: to, to: g.to, reason: g.reason });
    }
    this.list = next;
  }

  /** Marks [from, to) as a gap of `reason`, replacing whatever gap was there. */
  set(from: number, to: number, reason: GapReason): void {
    if (to <= from) return;
    this.remove(from, to);
    const list = this.list;
    let at = 0;
    while (at < list.length && list[at]!.from < from) at++;
    list.splice(at, 0, { from, to, reason });
    // Merge with neighbours of the same reason that touch it.
    const here = list[at]!;
    const after = list[at + 1];
    if (after && after.from === here.to && after.reason === reason) {
      here.to = after.to;
      list.splice(at + 1, 1);
    }
    const before = at > 0 ? list[at - 1] : undefined;
    if (before && before.to === here.from && before.reason === reason) {
      before.to = here.to;
      list.splice(at, 1);
    }
  }

  /** Turns the `missing` parts of [from, to) into `expired`; data held there is not touched. */
  expire(from: number, to: number): void {
    const hits: [number, number][] = [];
    for (const g of this.list) {
      if (g.reason !== 'missing' || g.to <= from || g.from >= to) continue;
      hits.push([Math.max(g.from, from), Math.min(g.to, to)]);
    }
    for (const [a, b] of hits) this.set(a, b, 'expired');
  }

  /** The gap containing index i, if any. */
  at(i: number): Gap | undefined {
    for (const g of this.list) {
      if (i < g.from) return undefined;
      if (i < g.to) return g;
    }
    return undefined;
  }

  /** Start of the first `missing` gap, or `end` when there is none before it. */
  firstMissing(end: number): number {
    for (const g of this.list) if (g.reason === 'missing' && g.from < end) return g.from;
    return end;
  }
}
