'use client';
/** One scan-list store per page tree (the list page, `/scans/latest`, the kiosk), bound to the socket. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useSocket } from '../client/connection-provider';
import { bindScanList, createScanListStore, type ScanListState, type ScanListStore } from './scan-list-store';

const ScanListContext = createContext<ScanListStore | null>(null);

export function ScanListProvider({ session, limit, children }: { session?: string | null; limit?: number; children: ReactNode }) {
  const socket = useSocket();
  const [store] = useState(() => createScanListStore({ session: session ?? null }));
  useEffect(() => (socket ? bindScanList(store, socket, limit) : undefined), [socket, store, limit]);
  // The session may come from the URL (back/forward): keep the store in step with it.
  useEffect(() => store.getState().setSession(session ?? null), [store, session]);
  return <ScanListContext.Provider value={store}>{children}</ScanListContext.Provider>;
}

export function useScanList<T>(selector: (state: ScanListState) => T): T {
  const store = useContext(ScanListContext);
  if (!store) throw new Error('useScanList outside ScanListProvider');
  return useStore(store, selector);
}
