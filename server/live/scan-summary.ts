/** ScanSummary (a scan-list row) from a scan document, its state and its stream lengths. */
import { SCAN_STATE_NAMES, type ScanDocument, type ScanState } from '../../lib/blissdata/scan-document';
import { expectedPoints, normalizeScanInfo } from '../../lib/blissdata/scan-info';
import type { ScanSummary } from '../../lib/wire/contract';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Expected points per scan_info object. Normalising a Bliss scan_info is costly and a followed scan is
 * summarised at every flush (`scan:progress`); the info only changes when the document is reloaded,
 * which gives a new object, so the cache never serves a stale value.
 */
const expectedCache = new WeakMap<object, number | null>();

function expectedOf(info: ScanDocument['info']): number | null {
  let expected = expectedCache.get(info);
  if (expected === undefined) {
    expected = expectedPoints(normalizeScanInfo(info).info);
    expectedCache.set(info, expected);
  }
  return expected;
}

export function summarize(key: string, historyId: string, doc: ScanDocument, state: ScanState, published: number): ScanSummary {
  const info = doc.info;
  const expected = expectedOf(info);
  return {
    key,
    historyId,
    number: doc.id.number,
    name: doc.id.name,
    session: doc.id.session ?? null,
    title: text(info.title),
    type: text(info.type),
    state: SCAN_STATE_NAMES[state] as ScanSummary['state'],
    startTime: text(info.start_time),
    endTime: text(info.end_time),
    endReason: text(info.end_reason),
    progress: { published, expected: expected === null || expected === 0 ? null : expected },
    // Sequences and their sub-scans find each other in the list (issue 10).
    ...(info.is_scan_sequence === true ? { sequence: true as const } : {}),
    ...(typeof info.group === 'string' && info.group ? { group: info.group } : {}),
  };
}

/** A row for a scan whose document cannot be used: still listed, with its error. */
export function brokenSummary(key: string, historyId: string, error: string): ScanSummary {
  return {
    key,
    historyId,
    number: 0,
    name: '?',
    session: null,
    title: null,
    type: null,
    state: 'CLOSED',
    startTime: null,
    endTime: null,
    endReason: null,
    progress: { published: 0, expected: null },
    error,
  };
}
