'use client';
/**
 * Other scans for comparing: the scan list of the session (to find the previous scans of the same kind
 * and to pick from), and the channels the curves need of each overlaid scan, read once over the REST
 * slice route (the scans compared are normally finished). Arrays live in a ref; `version` moves when one
 * arrived, and the plot is asked to redraw.
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

interface Loaded {
  number: number;
  data: Map<string, Float64Array>;
  asked: Set<string>;
  error: string | null;
}

export interface Overlays {
  /** Scans to draw over this one, in order (the reference too when it is another scan); for the redraw. */
  scans(): OverlayScan[];
  /** The same, for the panel: number and problem of each. */
  shown: { key: string; number: number; error: string | null }[];
  /** Scans of the session that can be picked, newest first. */
  candidates: ScanSummary[];
  listError: string | null;
  version: number;
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
  useEffect(() => {
    let cancelled = false;
    const snapshot = () => keys.map(({ key }) => ({ key, number: loaded.current.get(key)?.number ?? -1, error: loaded.current.get(key)?.error ?? null }));
    setShown(snapshot());
    const bump = () => {
      if (cancelled) return;
      setVersion((v) => v + 1);
      setShown(snapshot());
      scheduleRef.current(true);
    };
    for (const { key, number } of keys) {
      let entry = loaded.current.get(key);
      if (!entry) loaded.current.set(key, (entry = { number: number ?? NaN, data: new Map(), asked: new Set(), error: null }));
      const e = entry;
      if (Number.isNaN(e.number)) {
        e.number = -1;
        getJson<{ info?: { scan_nb?: unknown } }>(`/api/scans/${enc(key)}`, `scan ${key}`)
          .then((doc) => (e.number = typeof doc.info?.scan_nb === 'number' ? doc.info.scan_nb : -1), (err: unknown) => (e.error = err instanceof Error ? err.message : String(err)))
          .then(bump, bump);
      }
      for (const name of channelKey ? channelKey.split('\n') : []) {
        if (e.asked.has(name)) continue;
        e.asked.add(name);
        getJson<{ data: number[] }>(`/api/scans/${enc(key)}/streams/${enc(name)}?format=json`, `${name} of scan #${e.number}`)
          .then((r) => e.data.set(name, Float64Array.from(r.data, Number)))
          .catch((err: unknown) => (e.error = err instanceof Error ? err.message : String(err)))
          .then(bump, bump);
      }
    }
    return () => {
      cancelled = true;
    };
  }, [keys, channelKey, scheduleRef]);

  const keysRef = useRef(keys);
  useEffect(() => {
    keysRef.current = keys;
  });
  const scans = useCallback(() => keysRef.current.map(({ key, drawn }) => ({ key, drawn, number: loaded.current.get(key)?.number ?? -1, data: loaded.current.get(key)?.data ?? new Map<string, Float64Array>(), error: loaded.current.get(key)?.error ?? null })), []);
  const candidates = useMemo(() => list.filter((s) => s.key !== current?.key && !s.sequence).sort((a, b) => b.number - a.number), [list, current?.key]);
  return { scans, shown, candidates, listError, version };
}
