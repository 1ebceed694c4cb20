/**
 * What of the buffers reaches zustand state: a `version` counter (never the arrays), the stream errors
 * the buffers recorded, and the expired ranges. `version` moves at most once per flush and, unlike
 * buffers.version, never goes back when the buffers object is replaced.
 */
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { ScanStoreState } from './types';

export class BufferVersions {
  /** buffers.version last published as `version`. */
  private seen = -1;

  /** The buffers were replaced: whatever their version, the next flush publishes. */
  reset(): void {
    this.seen = -1;
  }

  /** The next `version` if the buffers moved since last published. */
  next(buffers: ScanBuffers, state: ScanStoreState): number | undefined {
    if (buffers.version === this.seen) return undefined;
    this.seen = buffers.version;
    return state.version + 1;
  }
}

/** Stream errors the buffers recorded, merged into the state's by stream name; undefined when unchanged. */
export function bufferErrors(buffers: ScanBuffers, current: Record<string, string>): Record<string, string> | undefined {
  if (buffers.errors.size === 0) return undefined;
  const errors = { ...current };
  let changed = false;
  for (const [id, message] of buffers.errors) {
    const name = id === -1 ? '(undecodable frame)' : (buffers.meta(id)?.name ?? `stream #${id}`);
    if (errors[name] !== message) {
      errors[name] = message;
      changed = true;
    }
  }
  return changed ? errors : undefined;
}

/** Adds [from, to) to sorted disjoint ranges, merging overlaps and neighbours. */
export function addRange(ranges: readonly [number, number][], from: number, to: number): [number, number][] {
  if (to <= from) return [...ranges];
  const out: [number, number][] = [];
  let a = from;
  let b = to;
  for (const [x, y] of ranges) {
    if (y < a || x > b) out.push([x, y]);
    else {
      a = Math.min(a, x);
      b = Math.max(b, y);
    }
  }
  out.push([a, b]);
  return out.sort((p, q) => p[0] - q[0]);
}
