import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '@/lib/wire/contract';
import { sequenceProgress, subScansByParent } from './sequence-progress';

function scan(over: Partial<ScanSummary>): ScanSummary {
  return { key: 'k', historyId: '1-0', number: 1, name: 'ascan', session: 's', title: null, type: null, state: 'STARTED', startTime: null, endTime: null, endReason: null, progress: { published: 0, expected: 10 }, ...over };
}

describe('sequence progress', () => {
  const parent = scan({ key: 'seq', sequence: true, progress: { published: 0, expected: 3 } });
  const children = [
    scan({ key: 'a', number: 2, group: 'seq', state: 'CLOSED', endReason: 'SUCCESS', progress: { published: 15, expected: 15 } }),
    scan({ key: 'b', number: 3, group: 'seq', state: 'CLOSED', endReason: 'SUCCESS', progress: { published: 15, expected: 15 } }),
    scan({ key: 'c', number: 4, group: 'seq', state: 'STARTED', progress: { published: 5, expected: 15 } }),
  ];

  it('counts finished sub-scans and the running one by its own progress', () => {
    const p = sequenceProgress(parent, children);
    expect(p).toMatchObject({ done: 2, seen: 3, expected: 3 });
    expect(p.fraction).toBeCloseTo((2 + 5 / 15) / 3, 12);
    expect(sequenceProgress(parent, []).fraction).toBe(0);
    expect(sequenceProgress({ ...parent, state: 'CLOSED', endReason: 'SUCCESS' }, children.slice(0, 2)).fraction).toBe(1);
    // Aborted: what was done, not 100 %.
    expect(sequenceProgress({ ...parent, state: 'CLOSED', endReason: 'USER_ABORT' }, children.slice(0, 1)).fraction).toBeCloseTo(1 / 3, 12);
    expect(sequenceProgress({ ...parent, progress: { published: 0, expected: null } }, children).fraction).toBeNull();
  });

  it('groups sub-scans under their sequence, in scan order', () => {
    const map = subScansByParent([children[2]!, scan({ key: 'x' }), children[0]!, children[1]!]);
    expect([...map.keys()]).toEqual(['seq']);
    expect(map.get('seq')!.map((s) => s.key)).toEqual(['a', 'b', 'c']);
  });
});
