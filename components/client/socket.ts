/**
 * The page's one socket.io connection to the Lantern server (typed by lib/wire/contract.ts). It retries
 * forever with backoff, including in the cases socket.io gives up by design: the server closing the
 * connection itself (a restart or deploy calls disconnectSockets) and a refused handshake. Stores
 * re-watch and re-subscribe on every `connect`, sending the points they hold so data resume without gaps.
 */
import { io } from 'socket.io-client';
import { handshakeAuth, type LanternSocket } from '@/lib/client/request';

export type { LanternSocket };

/** Retry delays (ms): quick at first so a restart is bridged in a second, then no faster than every 10 s. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

let pageSocket: LanternSocket | null = null;

/** The page's socket, created and connected on first use (browser only). */
export function getSocket(): LanternSocket {
  if (pageSocket) return pageSocket;
  const auth = handshakeAuth();
  const socket: LanternSocket = io({
    path: '/socket.io/',
    auth,
    // WebSocket first (binary frames, no polling latency); polling only if a proxy refuses the upgrade.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: RETRY_MIN_MS,
    reconnectionDelayMax: RETRY_MAX_MS,
    randomizationFactor: 0.5,
    timeout: 10_000,
    autoConnect: false,
  });
  keepReconnecting(socket);
  socket.connect();
  pageSocket = socket;
  return socket;
}

/**
 * socket.io stops retrying after a server-side disconnect or a handshake refused by middleware
 * (`socket.active` false). A wall screen must never stay disconnected, so those are retried here too,
 * with the same kind of backoff.
 */
function keepReconnecting(socket: LanternSocket): void {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const retryLater = () => {
    if (timer) return;
    failures++;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(failures, 6)) * (0.75 + Math.random() / 2);
    timer = setTimeout(() => {
      timer = null;
      if (!socket.connected && !socket.active) socket.connect();
    }, delay);
  };
  socket.on('connect', () => {
    failures = 0;
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', () => {
    if (!socket.active) retryLater();
  });
}

export { request, RequestError } from '@/lib/client/request';
