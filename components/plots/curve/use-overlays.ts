'use client';
/**
 * Other scans for comparing: the scan list of the session (to find the previous scans of the same kind
 * and to pick from), and the channels the curves need of each overlaid scan, read over the REST slice
 * route: once for a scan that has ended; for one still running, again every LIVE_OVERLAY_MS from the
 * points already held (only what it gained) until it ends, then once more to its end. Arrays live in a
 * ref; `version` moves when some arrived, and the plot is asked to redraw.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { responseError } from '@/lib/client/errors';
import type { OverlayView } from '@/lib/view-state/plot-view-state';
import type { ScanSummary } from '@/lib/wire/contract';
import type { Schedule } from '../shared/use-live-redraw';
import { previousScans, type OverlayScan } from './curve-overlay';

const enc = encodeURIComponent;

async function getJson<T>(url: string, what: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw await responseError(response, what);
  return (await response.json()) as T;
}

/** While an overlaid scan is still running, it is read again this often (only the points it gained). */
export const LIVE_OVERLAY_MS = 1000;

interface Loaded {
  number: number;
  data: Map<string, Float64Array>;
  asked: Set<string>;
  error: string | null;
  /** `live` while the scan runs (its channels grow), `final` once it ended and was read to its end. */
  state: 'unknown' | 'live' | 'final';
  /** A read (document then channels) is under way: the next one waits for it. */
  busy: boolean;
}

/** What the panel shows of an overlaid scan. */
export interface ShownOverlay {
  key: string;
  number: number;
  error: string | null;
  state: Loaded['state'];
  /** Points of the overlay drawn (the shortest of its channels). */
  points: number;
}

function appended(old: Float64Array | undefined, more: readonly number[]): Float64Array {
  if (!old || old.length === 0) return Float64Array.from(more, Number);
  if (more.length === 0) return old;
  const out = new Float64Array(old.length + more.length);
  out.set(old);
  for (let i = 0; i < more.length; i++) out[old.length + i] = Number(more[i]);
  return out;
}

export interface Overlays {
  /** Scans to draw over this one, in order (the reference too when it is another scan); for the redraw. */
  scans(): OverlayScan[];
  /** The same, for the panel: number, problem, live or final, points. */
  shown: ShownOverlay[];
  /** Scans of the session that can be picked, newest first. */
  candidates: ScanSummary[];
  listError: string | null;
  version: number;
}

/**
 * Reads an overlaid scan's state, then what each channel gained since the last read (all of it the first
 * time). A scan that had ended before this read is complete after it and is not read again (unless the
 * curves come to need another channel of it); a running one is read again by the caller's timer.
 */
async function readOverlay(key: string, e: Loaded, names: { current: readonly string[] }, bump: { current: () => void }): Promise<void> {
  if (e.busy) return;
  if (e.state === 'final' && names.current.every((n) => e.asked.has(n))) return;
  e.busy = true;
  const fail = (err: unknown) => (e.error = err instanceof Error ? err.message : String(err));
  try {
    const doc = await getJson<{ state?: string; info?: { scan_nb?: unknown } }>(`/api/scans/${enc(key)}`, `scan ${key}`);
    if (typeof doc.info?.scan_nb === 'number') e.number = doc.info.scan_nb;
    e.error = null;
    const ended = doc.state === 'CLOSED';
    // Seen running before: what it gained up to its end is read once more after it ended.
    const growing = e.state === 'live' || !ended;
    for (const name of names.current) {
      if (!growing && e.asked.has(name)) continue;
      e.asked.add(name);
      const from = e.data.get(name)?.length ?? 0;
      try {
        const r = await getJson<{ data: number[] }>(`/api/scans/${enc(key)}/streams/${enc(name)}?format=json&from=${from}`, `${name} of scan #${e.number}`);
        e.data.set(name, appended(e.data.get(name), r.data));
      } catch (err) {
        fail(err);
      }
    }
    e.state = ended ? 'final' : 'live';
  } catch (err) {
    fail(err);
  } finally {
    e.busy = false;
  }
  bump.current();
  // The curves asked for another channel while this read went on.
  if (e.state === 'final' && names.current.some((n) => !e.asked.has(n))) void readOverlay(key, e, names, bump);
}

/** `browse`: the user opened the comparison: the session's scans are listed to pick from. */
export function useOverlays(current: ScanSummary | null, overlay: OverlayView | undefined, channels: readonly string[], scheduleRef: MutableRefObject<Schedule>, browse: boolean): Overlays {
  const [list, setList] = useState<ScanSummary[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [shown, setShown] = useState<Overlays['shown']>([]);
  const loaded = useRef(new Map<string, Loaded>());
  const wanted = browse || (overlay?.previous ?? 0) > 0 || (overlay?.keys?.length ?? 0) > 0 || !!overlay?.reference;
  const session = current?.session ?? null;

  useEffect(() => {
    if (!wanted || !session) return;
    let cancelled = false;
    getJson<{ scans: ScanSummary[] }>(`/api/scans?session=${enc(session)}&limit=200`, 'scans of the session')
      .then((r) => !cancelled && (setList(r.scans), setListError(null)))
      .catch((e: unknown) => !cancelled && setListError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
    // The list is read again when this scan changes (a new scan of the session may have started).
  }, [wanted, session, current?.key]);

  const keys = useMemo(() => {
    const out: { key: string; number: number | null; drawn: boolean }[] = [];
    const add = (key: string, number: number | null, drawn: boolean) => {
      if (key !== current?.key && !out.some((o) => o.key === key)) out.push({ key, number, drawn });
    };
    if (current) for (const s of previousScans(list, current, overlay?.previous ?? 0)) add(s.key, s.number, true);
    for (const k of overlay?.keys ?? []) add(k, list.find((s) => s.key === k)?.number ?? null, true);
    if (overlay?.reference) add(overlay.reference, list.find((s) => s.key === overlay.reference)?.number ?? null, false);
    return out;
  }, [list, current, overlay]);

  const channelKey = channels.join('\n');
  /** The channels wanted now and the redraw of the effect now in place: reads started earlier use these. */
  const namesRef = useRef<string[]>([]);
  const bumpRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    let cancelled = false;
    const names = channelKey ? channelKey.split('\n') : [];
    namesRef.current = names;
    const points = (e: Loaded | undefined) => (e && names.length ? Math.min(...names.map((n) => e.data.get(n)?.length ?? 0)) : 0);
    const snapshot = (): ShownOverlay[] =>
      keys.map(({ key }) => {
        const e = loaded.current.get(key);
        return { key, number: e?.number ?? -1, error: e?.error ?? null, state: e?.state ?? 'unknown', points: points(e) };
      });
    setShown(snapshot());
    const bump = () => {
      if (cancelled) return;
      setVersion((v) => v + 1);
      setShown(snapshot());
      scheduleRef.current(true);
    };
    bumpRef.current = bump;
    for (const { key, number } of keys) {
      let entry = loaded.current.get(key);
      if (!entry) loaded.current.set(key, (entry = { number: number ?? -1, data: new Map(), asked: new Set(), error: null, state: 'unknown', busy: false }));
      void readOverlay(key, entry, namesRef, bumpRef);
    }
    const timer = window.setInterval(() => {
      for (const { key } of keys) {
        const e = loaded.current.get(key);
        if (e && e.state === 'live') void readOverlay(key, e, namesRef, bumpRef);
      }
    }, LIVE_OVERLAY_MS);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
    };
  }, [keys, channelKey, scheduleRef]);

  const keysRef = useRef(keys);
  useEffect(() => {
    keysRef.current = keys;
  });
  const scans = useCallback(
    () =>
      keysRef.current.map(({ key, drawn }) => {
        const e = loaded.current.get(key);
        return { key, drawn, number: e?.number ?? -1, data: e?.data ?? new Map<string, Float64Array>(), error: e?.error ?? null, live: e?.state === 'live' };
      }),
    [],
  );
  const candidates = useMemo(() => list.filter((s) => s.key !== current?.key && !s.sequence).sort((a, b) => b.number - a.number), [list, current?.key]);
  return { scans, shown, candidates, listError, version };
}
