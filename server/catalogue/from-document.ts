/** A catalogue record from what the scan list knows of a scan in Redis: its document and summary. */
import type { ScanDocument } from '../../lib/blissdata/scan-document';
import type { ScanSummary } from '../../lib/wire/contract';
import type { CatalogueRecord } from './types';

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Bliss names motor channels `axis:<motor>`; the motor is what a user searches for. */
export function motorsOf(channels: readonly string[]): string[] {
  return [...new Set(channels.filter((c) => c.startsWith('axis:')).map((c) => c.slice('axis:'.length)))];
}

/** Bliss saves scan N of a dataset file in the NeXus entry `N.1`. */
export function entryOf(number: number): string {
  return `${number}.1`;
}

export function recordFromDocument(summary: ScanSummary, doc: ScanDocument): CatalogueRecord {
  const channels = Object.keys(doc.data_streams);
  const file = text(doc.id.path) ?? (doc.info.save === true ? text(doc.info.filename) : null);
  return {
    key: summary.key,
    historyId: summary.historyId,
    number: doc.id.number,
    name: doc.id.name,
    session: text(doc.id.session),
    proposal: text(doc.id.proposal),
    collection: text(doc.id.collection),
    dataset: text(doc.id.dataset),
    title: summary.title,
    type: summary.type,
    motors: motorsOf(channels),
    channels,
    state: summary.state,
    startTime: summary.startTime,
    endTime: summary.endTime,
    endReason: summary.endReason,
    points: summary.progress.published,
    expected: summary.progress.expected,
    file,
    entry: file ? entryOf(doc.id.number) : null,
    error: null,
    document: {
      identity: { ...doc.id },
      info: doc.info,
      streams: Object.entries(doc.data_streams).map(([name, model]) => ({ name, encoding: model.encoding, info: model.info })),
    },
  };
}

/** A scan whose document cannot be used: catalogued from its list row, with its error. */
export function recordFromSummary(summary: ScanSummary): CatalogueRecord {
  return {
    key: summary.key,
    historyId: summary.historyId,
    number: summary.number,
    name: summary.name,
    session: summary.session,
    proposal: null,
    collection: null,
    dataset: null,
    title: summary.title,
    type: summary.type,
    motors: [],
    channels: [],
    state: summary.state,
    startTime: summary.startTime,
    endTime: summary.endTime,
    endReason: summary.endReason,
    points: summary.progress.published,
    expected: summary.progress.expected,
    file: null,
    entry: null,
    error: summary.error ?? 'unusable scan document',
    document: null,
  };
}

/** The scan-list row of a catalogued scan (for scans Redis no longer holds). */
export function summaryOfRecord(record: CatalogueRecord): ScanSummary {
  return {
    key: record.key,
    historyId: record.historyId ?? '0-0',
    number: record.number,
    name: record.name,
    session: record.session,
    title: record.title,
    type: record.type,
    // A scan gone from Redis while running never closes: it stays as last seen.
    state: record.state,
    startTime: record.startTime,
    endTime: record.endTime,
    endReason: record.endReason,
    progress: { published: record.points, expected: record.expected },
    ...(record.error ? { error: record.error } : {}),
  };
}
