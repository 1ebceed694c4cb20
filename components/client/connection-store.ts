/**
 * What the page knows about its link to the data: the socket (live / reconnecting) and, through the
 * server's `status` events, Redis behind it (redis-down). A factory so each page tree gets its own
 * store; `bindConnection` attaches it to the socket and returns the detach function.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { connectErrorCode } from '@/lib/client/errors';
import type { LanternSocket } from './socket';

export type ConnectionState =
  /** First connection not made yet. */
  | 'connecting'
  | 'live'
  /** Lost; socket.io (or our retry) is trying again. */
  | 'reconnecting'
  /** Connected to Lantern, but Lantern cannot reach Redis: data are frozen, not finished. */
  | 'redis-down'
  /** The server refused the handshake (another wire protocol after an upgrade): a reload is needed. */
  | 'refused';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why, for the tooltip and the banner. */
  message: string | null;
  /** Date.now() of the last state change. */
  since: number;
  /** Reconnection attempts since the link was lost. */
  attempts: number;
  /** Connections made so far (the first is 1): > 1 means data were resumed after a reconnect. */
  connections: number;
}

export type ConnectionStore = StoreApi<ConnectionStatus>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionStatus>(() => ({ state: 'connecting', message: null, since: Date.now(), attempts: 0, connections: 0 }));
}

export function bindConnection(store: ConnectionStore, socket: LanternSocket): () => void {
  const set = (state: ConnectionState, message: string | null, extra: Partial<ConnectionStatus> = {}) => {
    const current = store.getState();
    const changed = current.state !== state;
    store.setState({ state, message, ...(changed ? { since: Date.now() } : {}), ...extra });
  };
  const onConnect = () => set('live', null, { attempts: 0, connections: store.getState().connections + 1 });
  const onDisconnect = (reason: string) => set('reconnecting', describeDisconnect(reason));
  const onConnectError = (error: Error) => {
    if (!socket.active && connectErrorCode(error) === 'protocol') set('refused', error.message);
    else set(store.getState().connections === 0 ? 'connecting' : 'reconnecting', `cannot reach the Lantern server (${error.message})`);
  };
  const onStatus = (status: { state: 'live' | 'redis-down'; message?: string }) => {
    if (!socket.connected) return;
    if (status.state === 'redis-down') set('redis-down', status.message ?? 'Redis is unreachable');
    else set('live', null);
  };
  const onAttempt = (attempt: number) => store.setState({ attempts: attempt });

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('status', onStatus);
  socket.io.on('reconnect_attempt', onAttempt);
  if (socket.connected) onConnect();
  return () => {
    socket.off('connect', onConnect);
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.off('status', onStatus);
    socket.io.off('reconnect_attempt', onAttempt);
  };
}

function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'io server disconnect':
      return 'the server closed the connection (restart?)';
    case 'transport close':
    case 'transport error':
      return 'connection to the server lost';
    case 'ping timeout':
      return 'the server stopped answering';
    default:
      return reason;
  }
}
