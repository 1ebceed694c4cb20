/**
 * The one module that reaches into socket.io / engine.io internals, which no public API offers:
 * the bytes queued for a client (backpressure), corking the TCP socket around a websocket send
 * (one writev per flush) and writing websocket frames built once for many clients. `engine-internals.test.ts` checks every field used here against the
 * installed socket.io, so an upgrade that renames one fails that test instead of silently turning
 * backpressure off.
 */
import type { Socket } from 'socket.io';

interface EngineTransport {
  name: string;
  send(packets: unknown[]): void;
  /** engine.io's websocket transport: the `ws` WebSocket (`bufferedAmount`), whose `_socket` is the TCP socket. */
  socket?: { bufferedAmount?: number; _socket?: { cork?(): void; uncork?(): void }; _sender?: { sendFrame?(list: Buffer[], cb?: unknown): void } };
  /** The websocket transport's test for a packet carrying its own websocket frame (`options.wsPreEncodedFrame`). */
  _canSendPreEncodedFrame?(packet: unknown): boolean;
  perMessageDeflate?: unknown;
}

interface EngineConnection {
  /** Packets engine.io holds until the transport is writable. */
  writeBuffer?: { data?: unknown }[];
  transport?: EngineTransport;
  upgrading?: boolean;
  /** engine.io's Socket.write: queues one packet behind the others and flushes when the transport is writable. */
  write(data: unknown, options?: { wsPreEncodedFrame?: Buffer[] }): void;
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

/**
 * Whether this client can be written websocket frames built in advance: what engine.io itself does for
 * a broadcast of one text packet (`wsPreEncodedFrame`, socket.io-adapter), used here for a whole flush.
 * Not for polling clients nor during an upgrade, and not with per-message compression.
 */
export function takesPreEncoded(socket: Socket): boolean {
  const conn = engineOf(socket);
  const transport = conn.transport;
  return (
    transport?.name === 'websocket' &&
    !conn.upgrading &&
    !transport.perMessageDeflate &&
    typeof transport._canSendPreEncodedFrame === 'function' &&
    typeof transport.socket?._sender?.sendFrame === 'function' &&
    typeof conn.write === 'function'
  );
}

/**
 * Queues `frames` (complete websocket frames, possibly several messages) for this client as one engine.io
 * packet: in order with everything else sent to it, counted by queuedBytes, written with one socket
 * write when the transport takes it. Only for a client that `takesPreEncoded`.
 */
export function writePreEncoded(socket: Socket, frames: Buffer): void {
  engineOf(socket).write(frames, { wsPreEncodedFrame: [frames] });
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
    ['conn.write (function)', typeof conn.write === 'function'],
    ['conn.transport._canSendPreEncodedFrame (function, websocket)', typeof conn.transport?._canSendPreEncodedFrame === 'function'],
    ['conn.transport.socket._sender.sendFrame (function, websocket)', typeof ws?._sender?.sendFrame === 'function'],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}
