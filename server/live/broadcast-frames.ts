/**
 * A flush's events for a room, turned into bytes once for all its viewers. socket.io's own broadcast
 * encodes an event once but then, per viewer, makes an engine.io packet per message (a binary event is
 * two: its text header and the attachment), frames each as a websocket message and writes it: with 50
 * viewers and a frame per stream that per-viewer work and its system calls were most of the server's
 * CPU (bench fanout). Here the events of a flush become the exact websocket frames socket.io would
 * write (its parser's packets, engine.io's message prefix, RFC 6455 framing), concatenated into one
 * Buffer that every websocket viewer is handed as one packet: one write per viewer per flush, the same
 * bytes on the wire, so clients see no difference. Polling clients get the events the ordinary way.
 */
import type { ServerToClientEvents } from '../../lib/wire/contract';
import type { LanternServer } from './live-context';
import { takesPreEncoded, writePreEncoded } from './engine-internals';

/** socket.io-parser's EVENT packet type; its encoder makes it a BINARY_EVENT when an argument is binary. */
const EVENT = 2;
const OPCODE_TEXT = 1;
const OPCODE_BINARY = 2;

/** The header of an unmasked, final websocket frame (a server's) of `length` payload bytes. */
export function websocketHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, length]);
  if (length < 65536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = 0x80 | opcode;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

type EventName = 'scan:data' | 'scan:progress';

export class BroadcastFrames {
  private readonly parts: Buffer[] = [];
  private readonly events: [EventName, unknown][] = [];
  private bytes = 0;

  constructor(private readonly io: LanternServer) {}

  get empty(): boolean {
    return this.events.length === 0;
  }

  add<E extends EventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.events.push([event, payload]);
    for (const packet of this.io.encoder.encode({ type: EVENT, nsp: '/', data: [event, payload] }) as (string | Uint8Array)[]) {
      // engine.io's message packet: "4" before text; binary goes as it is over a websocket.
      const text = typeof packet === 'string';
      const data = text ? Buffer.from(`4${packet}`) : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
      const header = websocketHeader(text ? OPCODE_TEXT : OPCODE_BINARY, data.byteLength);
      this.parts.push(header, data);
      this.bytes += header.byteLength + data.byteLength;
    }
  }

  /** Sends the events, in order, to every member of `room` (viewers counted). */
  sendTo(room: string): number {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members?.size || this.empty) return 0;
    let shared: Buffer | null = null;
    let sent = 0;
    for (const id of members) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      sent++;
      if (takesPreEncoded(socket)) {
        writePreEncoded(socket, (shared ??= Buffer.concat(this.parts, this.bytes)));
        continue;
      }
      const emit = socket.emit.bind(socket) as (event: string, payload: unknown) => boolean;
      for (const [event, payload] of this.events) emit(event, payload);
    }
    return sent;
  }
}
