'use client';
/**
 * One scan store per shown scan. Parents key this provider by scan key, so switching scans (the
 * `/scans/latest` page, the kiosk) drops the old store, its buffers and its subscription at once.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { PlotDataSource } from '../plots/plot-types';
import { useSocket } from '../client/connection-provider';
import { localCurveMemory } from './curve-memory-storage';
import { warmPlotsAfterSubscribe } from './warm-plots';
import { createScanStore, type InitialView, type ScanActions, type ScanStore, type ScanStoreState } from './store/scan-store';

const ScanStoreContext = createContext<ScanStore | null>(null);

export function ScanStoreProvider({ scanKey, initial, remember = true, children }: { scanKey: string; initial?: InitialView; remember?: boolean; children: ReactNode }) {
  const socket = useSocket();
  const [store] = useState(() => createScanStore(scanKey, { ...(initial ? { initial } : {}), ...(remember ? { memory: localCurveMemory } : {}) }));
  // In this order: the store's `connect` listener (which subscribes) before plotly's.
  useEffect(() => (socket ? store.bind(socket) : undefined), [socket, store]);
  useEffect(() => warmPlotsAfterSubscribe(socket), [socket]);
  return <ScanStoreContext.Provider value={store}>{children}</ScanStoreContext.Provider>;
}

export function useScanStoreObject(): ScanStore {
  const store = useContext(ScanStoreContext);
  if (!store) throw new Error('scan store used outside ScanStoreProvider');
  return store;
}

export function useScan<T>(selector: (state: ScanStoreState) => T): T {
  return useStore(useScanStoreObject().api, selector);
}

export function useScanShallow<T extends object>(selector: (state: ScanStoreState) => T): T {
  return useStore(useScanStoreObject().api, useShallow(selector));
}

export function useScanActions(): ScanActions {
  return useScanStoreObject().actions;
}

/**
 * The plots' view of the data (components/plots/plot-types.ts): a new object whenever `version`
 * moves, so plots may memoise on it; the arrays behind it are never copied.
 */
export function usePlotDataSource(): PlotDataSource | null {
  const store = useScanStoreObject();
  const { snapshot, version, buffersEpoch } = useScanShallow((s) => ({ snapshot: s.snapshot, version: s.version, buffersEpoch: s.buffersEpoch }));
  return useMemo(() => {
    // A new epoch means store.buffers() is another object: the source must change with it.
    void buffersEpoch;
    if (!snapshot) return null;
    return {
      key: store.key,
      snapshot,
      buffers: store.buffers(),
      version,
      requestLod: store.requestLod,
      frameUrl: store.frameUrl,
    };
  }, [store, snapshot, version, buffersEpoch]);
}
