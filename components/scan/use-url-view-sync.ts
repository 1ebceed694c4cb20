'use client';
/**
 * Keeps the URL's query in step with the active plot and its view state (history.replaceState, at
 * most every 150 ms: zooming by drag must not flood the history API, which browsers rate-limit).
 */
import { useEffect } from 'react';
import { viewStateQuery } from '@/lib/view-state/url';
import type { ScanStore, ScanStoreState } from './scan-store';

const WRITE_DELAY_MS = 150;

export function currentViewQuery(state: ScanStoreState, base: string): string {
  const view = state.activePlot ? (state.views[state.activePlot] ?? {}) : {};
  return viewStateQuery({ plot: state.activePlot, view }, base);
}

/** Absolute link to this scan with the view shown (what "Copy link" copies). */
export function scanLink(store: ScanStore): string {
  return `${window.location.origin}/scans/${encodeURIComponent(store.key)}${currentViewQuery(store.api.getState(), '')}`;
}

export function useUrlViewSync(store: ScanStore, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const write = () => {
      timer = null;
      const state = store.api.getState();
      if (!state.setup) return;
      const query = currentViewQuery(state, window.location.search);
      if (query !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${query}${window.location.hash}`);
    };
    const unsubscribe = store.api.subscribe((s, prev) => {
      if ((s.activePlot !== prev.activePlot || s.views !== prev.views || s.setup !== prev.setup) && !timer) timer = setTimeout(write, WRITE_DELAY_MS);
    });
    return () => {
      unsubscribe();
      if (timer) {
        clearTimeout(timer);
        write();
      }
    };
  }, [store, enabled]);
}
