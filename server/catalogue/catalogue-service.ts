/**
 * Keeps the catalogue current: the scan list hands it every scan it loads or sees change (recorded in
 * one transaction per tick), and at start the whole `_SCAN_HISTORY_` still in Redis is completed into
 * it, so scans seen by no earlier Lantern are catalogued too.
 */
import type { DataStore } from '../../lib/blissdata/data-store';
import { parseScanDocument, parseScanState, ScanState, type ScanDocument } from '../../lib/blissdata/scan-document';
import { recentScans } from '../../lib/blissdata/scan-history';
import type { ScanSummary } from '../../lib/wire/contract';
import type { Logger } from '../logger';
import { summarize } from '../live/scan-summary';
import { recordFromDocument, recordFromSummary } from './from-document';
import type { CatalogueRecord, ScanCatalogue } from './types';

/** History entries read at start at most: far more than blissdata keeps (about 2048). */
const BACKFILL_MAX = 100_000;
const BACKFILL_BATCH = 200;

export class CatalogueService {
  private pending = new Map<string, CatalogueRecord>();
  private scheduled = false;
  private failing = false;
  private closed = false;

  constructor(
    readonly catalogue: ScanCatalogue,
    private readonly deps: { store: DataStore; logger: Logger },
  ) {}

  /** A scan as the scan list now sees it. Recorded at the next tick, together with the others. */
  seen(summary: ScanSummary, doc: ScanDocument | null): void {
    if (this.closed) return;
    this.pending.set(summary.key, doc ? recordFromDocument(summary, doc) : recordFromSummary(summary));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (!this.pending.size || this.closed) return;
    const records = [...this.pending.values()];
    this.pending = new Map();
    try {
      this.catalogue.record(records);
      if (this.failing) this.deps.logger.info('scan catalogue writable again');
      this.failing = false;
    } catch (error) {
      // A full disk or a locked file must not stop the live view: log once, keep serving.
      if (!this.failing) this.deps.logger.error({ err: (error as Error).message, scans: records.length }, 'cannot record scans in the catalogue');
      this.failing = true;
    }
  }

  /**
   * Catalogues every scan of `_SCAN_HISTORY_` not yet catalogued as closed. Runs in the background at
   * start; scans still running are left to the scan list, which records them as they change.
   */
  async backfill(): Promise<number> {
    const { scans } = await recentScans(this.deps.store, BACKFILL_MAX);
    const closed = this.catalogue.closedAmong(scans.map((s) => s.key));
    const todo = scans.filter((s) => !closed.has(s.key));
    let recorded = 0;
    for (let i = 0; i < todo.length && !this.closed; i += BACKFILL_BATCH) {
      const batch = todo.slice(i, i + BACKFILL_BATCH);
      const records = await this.load(batch);
      if (this.closed) break;
      this.catalogue.record(records);
      recorded += records.length;
    }
    return recorded;
  }

  private async load(batch: { id: string; key: string }[]): Promise<CatalogueRecord[]> {
    const { store } = this.deps;
    const redis = store.redis;
    const read = await store.documentReader();
    const docs = (await redis.pipeline(batch.map((h) => read(h.key))).exec()) ?? [];
    const parsed = batch.flatMap((h, i) => {
      try {
        const text = store.documentText(h.key, docs[i] ?? [null, null]);
        return text === null ? [] : [{ h, doc: parseScanDocument(h.key, text) }];
      } catch {
        return [];
      }
    });
    const states = (await redis.pipeline(parsed.map(({ doc }) => ['xrevrange', this.deps.store.keys.streamKey(doc.state_stream.pk), '+', '-', 'COUNT', '1'])).exec()) ?? [];
    return parsed.map(({ h, doc }, i) => {
      const last = (states[i]?.[1] as [string, string[]][] | undefined)?.[0];
      const state = (last && parseScanState(last[1][last[1].indexOf('state') + 1] ?? '')) ?? ScanState.CREATED;
      return recordFromDocument(summarize(h.key, h.id, doc, state, pointsOf(doc)), doc);
    });
  }

  close(): void {
    this.flush();
    this.closed = true;
    this.catalogue.close();
  }
}

/** Points of a closed scan without reading its streams: Bliss saves `npoints` for step scans. */
function pointsOf(doc: ScanDocument): number {
  const n = doc.info.npoints;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0;
}
