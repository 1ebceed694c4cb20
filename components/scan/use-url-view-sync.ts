'use client';
/**
 * Keeps the URL's query in step with the active plot and its view state (history.replaceState, at
 * most every 150 ms: zooming by drag must not flood the history API, which browsers rate-limit).
 */
import { useEffect } from 'react';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import { writeLayoutParams } from '@/lib/view-state/layout';
import { viewStateQuery } from '@/lib/view-state/url';
import { replaceUrlKeepingEntry } from '@/components/common/replace-query';
import type { ScanStore, ScanStoreState } from './store/scan-store';

const WRITE_DELAY_MS = 150;

export function currentViewQuery(state: ScanStoreState, base: string): string {
  const view = state.activePlot ? (state.views[state.activePlot] ?? {}) : {};
  // Every plot the user changed, not only the one in front: the link restores the whole page.
  const others: Record<string, PlotViewState> = {};
  for (const [id, v] of Object.entries(state.views)) if (id !== state.activePlot && Object.keys(v).length) others[id] = v;
  const query = viewStateQuery({ plot: state.activePlot, view, others }, base);
  // The grid of plots travels with the link too (absent: tabs).
  const params = writeLayoutParams(new URLSearchParams(query.replace(/^\?/, '')), state.layout);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Absolute link to this scan with the view shown (what "Copy link" copies). */
export function scanLink(store: ScanStore): string {
  return `${window.location.origin}/scans/${encodeURIComponent(store.key)}${currentViewQuery(store.api.getState(), '')}`;
}

export function useUrlViewSync(store: ScanStore, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The page this view belongs to: once the user has navigated away (the last write runs on unmount,
    // after the router moved the address bar), this view's query must not land on the next page's URL.
    const pathname = window.location.pathname;
    const write = () => {
      timer = null;
      const state = store.api.getState();
      if (!state.setup || window.location.pathname !== pathname) return;
      const query = currentViewQuery(state, window.location.search);
      if (query !== window.location.search) replaceUrlKeepingEntry(`${pathname}${query}${window.location.hash}`);
    };
    const unsubscribe = store.api.subscribe((s, prev) => {
      if ((s.activePlot !== prev.activePlot || s.views !== prev.views || s.setup !== prev.setup || s.layout !== prev.layout) && !timer) timer = setTimeout(write, WRITE_DELAY_MS);
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
