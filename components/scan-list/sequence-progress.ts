/**
 * Progress of a scan sequence from its sub-scans: each finished sub-scan counts one, the running one
 * its own fraction. A sequence's own streams hold no points, so "0 / 3" while two sub-scans were done
 * said nothing true.
 */
import type { ScanSummary } from '@/lib/wire/contract';

export interface SequenceProgress {
  /** Sub-scans ended (any end reason) and seen. */
  done: number;
  seen: number;
  /** Announced by the sequence (`sequence_info.scan_count`), or null. */
  expected: number | null;
  /** 0..1, or null when the count is unknown. */
  fraction: number | null;
}

function childFraction(c: ScanSummary): number {
  if (c.state === 'CLOSED' || c.state === 'STOPPED') return 1;
  const { published, expected } = c.progress;
  return expected && expected > 0 ? Math.min(1, published / expected) : 0;
}

export function sequenceProgress(parent: Pick<ScanSummary, 'progress' | 'state' | 'endReason'>, children: readonly ScanSummary[]): SequenceProgress {
  const expected = parent.progress.expected;
  const done = children.filter((c) => c.state === 'CLOSED' || c.state === 'STOPPED').length;
  const sum = children.reduce((a, c) => a + childFraction(c), 0);
  let fraction = expected !== null && expected > 0 ? Math.min(1, sum / expected) : null;
  if (parent.state === 'CLOSED' && parent.endReason === 'SUCCESS') fraction = 1;
  return { done, seen: children.length, expected, fraction };
}

/** Sub-scans of every sequence among `scans`, by sequence key, oldest first. */
export function subScansByParent(scans: readonly ScanSummary[]): Map<string, ScanSummary[]> {
  const out = new Map<string, ScanSummary[]>();
  for (const s of scans) {
    if (!s.group) continue;
    let list = out.get(s.group);
    if (!list) out.set(s.group, (list = []));
    list.push(s);
  }
  for (const list of out.values()) list.sort((a, b) => a.number - b.number);
  return out;
}
