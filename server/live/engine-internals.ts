/**
 * The one module that reaches into socket.io / engine.io internals, which no public API offers:
 * the bytes queued for a client (backpressure) and corking the TCP socket around a websocket send
 * (one writev per flush). `engine-internals.test.ts` checks every field used here against the
 * installed socket.io, so an upgrade that renames one fails that test instead of silently turning
 * backpressure off.
 */
import type { Socket } from 'socket.io';

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  /** engine.io's websocket transport: the `ws` WebSocket (`bufferedAmount`), whose `_socket` is the TCP socket. */
  socket?: { bufferedAmount?: number; _socket?: { cork?(): void; uncork?(): void } };
}

interface EngineConnection {
  /** Packets engine.io holds until the transport is writable. */
  writeBuffer?: { data?: unknown }[];
  transport?: EngineTransport;
  on(event: 'upgrade', listener: (transport: EngineTransport) => void): void;
}

const engineOf = (socket: Socket): EngineConnection => socket.conn as unknown as EngineConnection;

/** Bytes queued in engine.io and the websocket for this client. */
export function queuedBytes(socket: Socket): number {
  const conn = engineOf(socket);
  let bytes = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof Uint8Array || data instanceof ArrayBuffer) bytes += data.byteLength;
  }
  return bytes;
}

/**
 * engine.io hands a client's queued packets to its websocket transport together, but `ws` writes each
 * message with its own system call: a flush with one frame per stream (two websocket messages per
 * binary event) cost ~20 socket writes per client. Corking the TCP socket around the transport's send
 * turns them into one writev — what made the server's CPU grow with the number of viewers (bench
 * fanout). Only an optimisation: without the expected internals, sends stay as they are.
 */
export function writePacketsTogether(socket: Socket): void {
  const conn = engineOf(socket);
  const wrap = (transport: EngineTransport | undefined) => {
    const tcp = transport?.socket?._socket;
    if (!transport || transport.name !== 'websocket' || typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') return;
    const send = transport.send.bind(transport);
    transport.send = (packets) => {
      tcp.cork!();
      try {
        send(packets);
      } finally {
        tcp.uncork!();
      }
    };
  };
  wrap(conn.transport);
  conn.on('upgrade', wrap);
}

/** The internals above this socket lacks (empty when all are there): for the upgrade check. */
export function missingEngineInternals(socket: Socket): string[] {
  const conn = engineOf(socket);
  const ws = conn.transport?.socket;
  const checks: [string, boolean][] = [
    ['conn.writeBuffer (array)', Array.isArray(conn.writeBuffer)],
    ['conn.transport.name', typeof conn.transport?.name === 'string'],
    ['conn.transport.send (function)', typeof conn.transport?.send === 'function'],
    ['conn.on("upgrade")', typeof conn.on === 'function'],
    ['conn.transport.socket.bufferedAmount (number, websocket)', typeof ws?.bufferedAmount === 'number'],
    ['conn.transport.socket._socket.cork/uncork (websocket)', typeof ws?._socket?.cork === 'function' && typeof ws._socket.uncork === 'function'],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}
