/**
 * The watched scan list: the server's answer to `scans:watch`, then `scans:update` / `scans:removed`
 * merged in as they come, so a scan appears the moment Bliss creates it. Re-watched on every
 * (re)connection and whenever the session filter changes. Rows are small summaries: plain state.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ScanSummary } from '@/lib/wire/contract';
import { request, type LanternSocket } from '../client/socket';

export interface ScanListState {
  /** Session filter sent to the server (null = all sessions). */
  session: string | null;
  /** Newest first. */
  scans: ScanSummary[];
  /** Every session seen since the page opened (for the filter menu), sorted. */
  sessions: string[];
  /** The first answer arrived (an empty list then means "no scans", not "loading"). */
  loaded: boolean;
  error: string | null;
  setSession(session: string | null): void;
}

export type ScanListStore = StoreApi<ScanListState>;

/** Rows kept; the server's history window is larger, but a page needs only the recent ones. */
export const SCAN_LIST_LIMIT = 500;

/** `_SCAN_HISTORY_` ids (`ms-seq`) compared as numbers: newer first. */
export function compareHistoryDesc(a: ScanSummary, b: ScanSummary): number {
  const [am = 0, as = 0] = a.historyId.split('-').map(Number);
  const [bm = 0, bs = 0] = b.historyId.split('-').map(Number);
  return bm - am || bs - as;
}

function withSessions(known: string[], scans: readonly ScanSummary[]): string[] {
  const set = new Set(known);
  let added = false;
  for (const s of scans) {
    if (s.session !== null && !set.has(s.session)) {
      set.add(s.session);
      added = true;
    }
  }
  return added ? [...set].sort((a, b) => a.localeCompare(b)) : known;
}

export function createScanListStore(initial: { session?: string | null; limit?: number } = {}): ScanListStore {
  return createStore<ScanListState>((set) => ({
    session: initial.session ?? null,
    scans: [],
    sessions: initial.session ? [initial.session] : [],
    loaded: false,
    error: null,
    setSession(session) {
      set((s) => (s.session === session ? s : { session, loaded: false, scans: [] }));
    },
  }));
}

/** Merges updated rows in (replacing by key), keeps newest first, and drops rows of other sessions. */
export function mergeScans(current: readonly ScanSummary[], updates: readonly ScanSummary[], session: string | null, limit = SCAN_LIST_LIMIT): ScanSummary[] {
  const byKey = new Map(current.map((s) => [s.key, s]));
  for (const u of updates) if (session === null || u.session === session) byKey.set(u.key, u);
  return [...byKey.values()].sort(compareHistoryDesc).slice(0, limit);
}

export function bindScanList(store: ScanListStore, socket: LanternSocket, limit = SCAN_LIST_LIMIT): () => void {
  let generation = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const watch = async () => {
    if (!socket.connected) return; // the `connect` handler watches once connected
    const mine = ++generation;
    const session = store.getState().session;
    try {
      const { scans } = await request(socket, 'scans:watch', session === null ? { limit } : { session, limit });
      if (mine !== generation) return;
      // Updates that raced the answer are in the answer too: replace wholesale.
      store.setState((s) => ({ scans: mergeScans([], scans, session, limit), sessions: withSessions(s.sessions, scans), loaded: true, error: null }));
    } catch (error) {
      if (mine !== generation) return;
      store.setState({ error: (error as Error).message });
      if (retry) clearTimeout(retry);
      retry = setTimeout(() => void watch(), 3000);
    }
  };

  const onUpdate = (updates: ScanSummary[]) => {
    store.setState((s) => ({ scans: mergeScans(s.scans, updates, s.session, limit), sessions: withSessions(s.sessions, updates) }));
  };
  const onRemoved = (keys: string[]) => {
    const gone = new Set(keys);
    store.setState((s) => ({ scans: s.scans.filter((x) => !gone.has(x.key)) }));
  };
  const onConnect = () => void watch();

  socket.on('connect', onConnect);
  socket.on('scans:update', onUpdate);
  socket.on('scans:removed', onRemoved);
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.session !== prev.session) void watch();
  });
  void watch();

  return () => {
    generation++;
    if (retry) clearTimeout(retry);
    unsubscribe();
    socket.off('connect', onConnect);
    socket.off('scans:update', onUpdate);
    socket.off('scans:removed', onRemoved);
    if (socket.connected) socket.emit('scans:unwatch');
  };
}
