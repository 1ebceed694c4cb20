/**
 * The recent scans (newest N from _SCAN_HISTORY_, then live) as ScanSummary rows, kept current: state
 * changes through the shared reader, progress of running scans by a light periodic poll, deletions by
 * the TTL rule. Watchers get changes pushed (all scans, or one session).
 */
import type { Redis } from 'ioredis';
import type { DataStore } from '../../lib/blissdata/data-store';
import { entryIndex, isSealId } from '../../lib/blissdata/keys';
import { isDeletedTtl } from '../../lib/blissdata/data-store';
import { pointRangeIsSane } from '../../lib/blissdata/bounds';
import type { MultiplexedReader, Tail } from '../../lib/blissdata/multiplexed-reader';
import { parseScanDocument, parseScanState, ScanState, type ScanDocument } from '../../lib/blissdata/scan-document';
import { nextScans, recentScans, type HistoryEntry } from '../../lib/blissdata/scan-history';
import { fieldText, toEntries, type RawEntry } from '../../lib/blissdata/stream-entries';
import type { ScanSummary } from '../../lib/wire/contract';
import type { Logger } from '../logger';
import type { LanternServer } from './live-context';
import { ScanDiscovery } from './scan-discovery';
import { brokenSummary, summarize } from './scan-summary';

interface Entry {
  summary: ScanSummary;
  doc: ScanDocument | null;
  state: ScanState;
  stateKey: string | null;
  /** Id of the last state entry read: the state tail continues after it. */
  stateId: string;
  stateTail: Tail | null;
  /** Scalar streams whose length measures progress. */
  progressKeys: string[];
}

const PROGRESS_POLL_MS = 500;
const SWEEP_MS = 10_000;

export interface ScanIndexObserver {
  updated(scans: ScanSummary[]): void;
  /** Called before the scans leave the index (their scope is still known). */
  removed(keys: string[]): void;
}

export function sessionRoom(session: string | undefined): string {
  return session === undefined ? 'scans:*' : `scans:s:${session}`;
}

export class ScanIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly order: string[] = [];
  private cursor = '0-0';
  private running = false;
  private loop: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  /** Finds scans older than the history (server/live/scan-discovery.ts). */
  readonly discovery: ScanDiscovery;
  private readonly observers: ScanIndexObserver[] = [];

  constructor(
    private readonly deps: {
      store: DataStore;
      blocking: Redis;
      reader: MultiplexedReader;
      io: LanternServer;
      logger: Logger;
      size: number;
      /** Every scan loaded or changed, with its document (the scan catalogue records it). */
      onSeen?: (summary: ScanSummary, doc: ScanDocument | null) => void;
    },
  ) {
    this.discovery = new ScanDiscovery({ store: deps.store, logger: deps.logger, wanted: (scan) => this.wants(scan), add: (scans) => this.addScans(scans) });
  }

  async start(): Promise<void> {
    this.running = true;
    const { scans, cursor } = await recentScans(this.deps.store, this.deps.size);
    this.cursor = cursor;
    await this.addScans([...scans].reverse());
    this.loop = this.follow();
    this.discovery.start(() => this.cursor);
    this.timers.push(setInterval(() => void this.pollProgress(), PROGRESS_POLL_MS));
    this.timers.push(setInterval(() => void this.sweep(), SWEEP_MS));
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.discovery.stop();
    for (const t of this.timers) clearInterval(t);
    for (const entry of this.entries.values()) this.unfollowState(entry);
    await this.loop?.catch(() => undefined);
  }

  /** A scan found beyond the history is loaded only if it is new here and would not be trimmed at once. */
  private wants(scan: HistoryEntry): boolean {
    if (this.entries.has(scan.key)) return false;
    const oldest = this.order[0];
    return this.order.length < this.deps.size || oldest === undefined || compareIds(scan.id, this.entries.get(oldest)?.summary.historyId ?? '0-0') > 0;
  }

    historyIdOf(key: string): string {
    return this.entries.get(key)?.summary.historyId ?? '0-0';
  }

  /** Newest first, optionally for one session, before a history id, and only scans `visible` accepts. */
  list(options: { session?: string; limit?: number; before?: string; visible?: (key: string) => boolean } = {}): ScanSummary[] {
    const out: ScanSummary[] = [];
    const limit = options.limit ?? 200;
    for (let i = this.order.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.entries.get(this.order[i]!);
      if (!entry) continue;
      if (options.session !== undefined && entry.summary.session !== options.session) continue;
      if (options.before !== undefined && compareIds(entry.summary.historyId, options.before) >= 0) continue;
      if (options.visible && !options.visible(entry.summary.key)) continue;
      out.push(entry.summary);
    }
    return out;
  }

  get(key: string): ScanSummary | undefined {
    return this.entries.get(key)?.summary;
  }

  /** Proposal and session of a listed scan (null fields when its document is unusable); undefined when not listed. */
  scopeOf(key: string): { key: string; proposal: string | null; session: string | null } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    return { key, proposal: entry.doc?.id.proposal ?? null, session: entry.doc?.id.session ?? null };
  }

  /** Sees every change pushed to watchers (server/auth delivers them filtered to scoped viewers). */
  observe(observer: ScanIndexObserver): void {
    this.observers.push(observer);
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const { scans, cursor } = await nextScans(this.deps.store, this.deps.blocking, this.cursor, { blockMs: 1000 });
        this.cursor = cursor;
        if (failures > 0) void this.discovery.checkGap(this.cursor);
        failures = 0;
        if (scans.length) await this.addScans(scans);
      } catch (error) {
        if (!this.running) break;
        failures++;
        if (failures === 1) this.deps.logger.warn({ err: (error as Error).message }, 'scan history read failed; retrying');
        await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** failures)));
      }
    }
  }

  private async addScans(history: HistoryEntry[]): Promise<void> {
    const loaded = await this.loadMany(history);
    const changed: ScanSummary[] = [];
    for (const entry of loaded) {
      const key = entry.summary.key;
      // Sorted by creation: scans found beyond the history are older than most.
      if (!this.entries.has(key)) this.order.splice(insertionPoint(this.order, entry.summary.historyId, (k) => this.entries.get(k)?.summary.historyId ?? '0-0'), 0, key);
      this.entries.set(key, entry);
      changed.push(entry.summary);
      this.deps.onSeen?.(entry.summary, entry.doc);
      this.followState(key, entry);
    }
    this.trim();
    this.push(changed);
  }

  private trim(): void {
    while (this.order.length > this.deps.size) {
      const key = this.order.shift()!;
      const entry = this.entries.get(key);
      if (entry) this.unfollowState(entry);
      this.entries.delete(key);
    }
  }

  /** Documents and states of many scans in two pipelined round trips. */
  private async loadMany(history: HistoryEntry[]): Promise<Entry[]> {
    if (!history.length) return [];
    const { store } = this.deps;
    const redis = store.redis;
    const read = await store.documentReader();
    const docs = await redis.pipeline(history.map((h) => read(h.key))).exec();
    const parsed = history.map((h, i) => {
      try {
        const text = store.documentText(h.key, docs?.[i] ?? [new Error('no reply'), null]);
        if (text === null) return { h, doc: null as ScanDocument | null, error: 'document missing' };
        return { h, doc: parseScanDocument(h.key, text), error: null };
      } catch (e) {
        return { h, doc: null, error: (e as Error).message };
      }
    });
    // A running scan's document is read again after its state (as Scan.load does): a scan closing
    // between the two reads would otherwise be listed CLOSED without its end_reason.
    const unfinished = (doc: ScanDocument) => doc.info.end_reason === undefined;
    const states = await redis
      .pipeline(
        parsed.flatMap((p) =>
          !p.doc
            ? []
            : [['xrevrange', this.deps.store.keys.streamKey(p.doc.state_stream.pk), '+', '-', 'COUNT', '1'], ...(unfinished(p.doc) ? [read(p.h.key)] : [])],
        ),
      )
      .exec();
    let s = 0;
    const live = parsed.flatMap((p) => {
      if (!p.doc) return [];
      const reply = states?.[s++]?.[1] as [string, string[]][] | undefined;
      let doc = p.doc;
      if (unfinished(doc)) {
        const reply = states?.[s++] ?? [null, null];
        // Should the second read fail, the first stays: the state tail reloads on the next change.
        try {
          const text = store.documentText(p.h.key, reply);
          if (text !== null) doc = parseScanDocument(p.h.key, text);
        } catch {
          /* keep the first read */
        }
      }
      const last = reply?.[0];
      const state = (last && parseScanState(last[1][last[1].indexOf('state') + 1] ?? '')) ?? ScanState.CREATED;
      return [{ h: p.h, doc, state, stateId: last?.[0] ?? '0-0', keys: scalarStreamKeys(this.deps.store, doc) }];
    });
    const published = await this.publishedMany(live.map((l) => l.keys));
    const entries: Entry[] = [];
    let l = 0;
    for (const p of parsed) {
      if (!p.doc) {
        this.deps.logger.warn({ scan: p.h.key, err: p.error }, 'unusable scan document');
        entries.push({ summary: brokenSummary(p.h.key, p.h.id, p.error ?? 'unusable document'), doc: null, state: ScanState.CLOSED, stateKey: null, stateId: '0-0', stateTail: null, progressKeys: [] });
        continue;
      }
      const { doc, state, stateId, keys } = live[l]!;
      const stateKey = this.deps.store.keys.streamKey(doc.state_stream.pk);
      entries.push({ summary: summarize(p.h.key, p.h.id, doc, state, published[l++]!), doc, state, stateKey, stateId, stateTail: null, progressKeys: keys });
    }
    return entries;
  }

  private async published(keys: string[]): Promise<number> {
    return (await this.publishedMany([keys]))[0]!;
  }

  /** Points published per scan (the longest of its scalar streams), for many scans in one pipeline. */
  private async publishedMany(keysPerScan: string[][]): Promise<number[]> {
    const all = keysPerScan.flat();
    if (!all.length) return keysPerScan.map(() => 0);
    const replies = (await this.deps.store.redis.pipeline(all.map((k) => ['xrevrange', k, '+', '-', 'COUNT', '1'])).exec()) ?? [];
    let at = 0;
    return keysPerScan.map((keys) => {
      let max = 0;
      for (let i = 0; i < keys.length; i++) {
        const [error, reply] = replies[at++] ?? [null, null];
        const last = (reply as [string, string[]][] | null)?.[0];
        if (error || !last) continue;
        const [id, fields] = last;
        const lenAt = fields.indexOf('len');
        const total = isSealId(id) ? Number(fields[fields.indexOf('id') + 1]) : entryIndex(id) + (lenAt >= 0 ? Number(fields[lenAt + 1]) : 1);
        // A malformed last entry must not show as 1.8e19 points: its scan's viewers are told by the tail.
        if (pointRangeIsSane(0, total)) max = Math.max(max, total);
      }
      return max;
    });
  }

  private followState(key: string, entry: Entry): void {
    if (!entry.stateKey || entry.state === ScanState.CLOSED || entry.stateTail) return;
    const index = this;
    entry.stateTail = {
      key: entry.stateKey,
      cursor: entry.stateId,
      onEntries(entries: RawEntry[]) {
        this.cursor = entries.at(-1)!.id;
        void index.onState(key, entries);
      },
    };
    this.deps.reader.add(entry.stateTail);
  }

  private unfollowState(entry: Entry): void {
    if (entry.stateTail) this.deps.reader.remove(entry.stateTail);
    entry.stateTail = null;
  }

  private async onState(key: string, entries: RawEntry[]): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    const state = parseScanState(fieldText(entries.at(-1)!, 'state') ?? '');
    if (state === undefined || state < entry.state) return;
    try {
      const text = await this.deps.store.getDocumentText(key);
      if (text === null) return;
      const doc = parseScanDocument(key, text);
      entry.doc = doc;
      entry.state = state;
      entry.progressKeys = scalarStreamKeys(this.deps.store, doc);
      entry.summary = summarize(key, entry.summary.historyId, doc, state, await this.published(entry.progressKeys));
      if (state === ScanState.CLOSED) this.unfollowState(entry);
      this.deps.onSeen?.(entry.summary, doc);
      this.push([entry.summary]);
    } catch (error) {
      entry.summary = brokenSummary(key, entry.summary.historyId, (error as Error).message);
      this.push([entry.summary]);
    }
  }

  private async pollProgress(): Promise<void> {
    const running = [...this.entries.values()].filter((e) => e.state === ScanState.STARTED || e.state === ScanState.PREPARED);
    const changed: ScanSummary[] = [];
    await Promise.all(
      running.map(async (entry) => {
        const published = await this.published(entry.progressKeys).catch(() => entry.summary.progress.published);
        if (published !== entry.summary.progress.published) {
          entry.summary = { ...entry.summary, progress: { ...entry.summary.progress, published } };
          changed.push(entry.summary);
        }
      }),
    );
    this.push(changed);
  }

  /** Scans deleted by the TTL rule (or trimmed away) leave the list. */
  private async sweep(): Promise<void> {
    const keys = [...this.entries.keys()];
    if (!keys.length) return;
    const ttls = await this.deps.store.redis.pipeline(keys.map((k) => ['ttl', k])).exec().catch(() => null);
    if (!ttls) return;
    const removed = keys.filter((_, i) => !ttls[i]?.[0] && isDeletedTtl(Number(ttls[i]?.[1])));
    if (removed.length) for (const o of this.observers) o.removed(removed);
    const rooms = new Set([sessionRoom(undefined)]);
    for (const key of removed) {
      const entry = this.entries.get(key);
      if (entry) this.unfollowState(entry);
      if (entry?.summary.session) rooms.add(sessionRoom(entry.summary.session));
      this.entries.delete(key);
      this.order.splice(this.order.indexOf(key), 1);
    }
    if (removed.length) this.deps.io.to([...rooms]).emit('scans:removed', removed);
  }

  private push(changed: ScanSummary[]): void {
    if (!changed.length) return;
    for (const o of this.observers) o.updated(changed);
    this.deps.io.to(sessionRoom(undefined)).emit('scans:update', changed);
    const bySession = new Map<string, ScanSummary[]>();
    for (const s of changed) if (s.session !== null) bySession.set(s.session, [...(bySession.get(s.session) ?? []), s]);
    for (const [session, scans] of bySession) this.deps.io.to(sessionRoom(session)).emit('scans:update', scans);
  }
}

function scalarStreamKeys(store: DataStore, doc: ScanDocument): string[] {
  const keys: string[] = [];
  for (const model of Object.values(doc.data_streams)) {
    const enc = model.encoding as { type?: string; shape?: unknown[] } | null;
    if (enc?.type === 'numeric' && Array.isArray(enc.shape) && enc.shape.length === 0) keys.push(store.keys.streamKey(model.pk));
    if (keys.length >= 4) break;
  }
  return keys;
}

/** Where an id goes in keys sorted by id (after equal ones). */
function insertionPoint(order: string[], id: string, idOf: (key: string) => string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareIds(idOf(order[mid]!), id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
