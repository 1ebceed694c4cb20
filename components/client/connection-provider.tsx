'use client';
/**
 * Gives the page tree its socket and connection store. Rendered once in the root layout, so client-side
 * navigation between the list, a scan and back keeps one connection and the stores re-use it.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { bindConnection, createConnectionStore, type ConnectionStatus, type ConnectionStore } from './connection-store';
import { getSocket, type LanternSocket } from './socket';

const SocketContext = createContext<LanternSocket | null>(null);
const ConnectionContext = createContext<ConnectionStore | null>(null);

export function ConnectionProvider({ children }: { children: ReactNode }) {
  // No socket during server rendering; the browser creates it when hydrating.
  const [socket] = useState(() => (typeof window === 'undefined' ? null : getSocket()));
  const [store] = useState(createConnectionStore);
  useEffect(() => (socket ? bindConnection(store, socket) : undefined), [socket, store]);
  return (
    <SocketContext.Provider value={socket}>
      <ConnectionContext.Provider value={store}>{children}</ConnectionContext.Provider>
    </SocketContext.Provider>
  );
}

/** The page's socket; null while rendering on the server. */
export function useSocket(): LanternSocket | null {
  return useContext(SocketContext);
}

export function useConnection<T>(selector: (status: ConnectionStatus) => T): T {
  const store = useContext(ConnectionContext);
  if (!store) throw new Error('useConnection outside ConnectionProvider');
  return useStore(store, selector);
}
