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
import { joinChunks } from '../../lib/wire/frame';
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

/**
 * socket.io's text packet announcing a `scan:data` event with one binary attachment (the same for every
 * frame), per encoder; null when the encoder does not encode it as that text plus the attachment as is.
 */
const dataAnnouncement = new WeakMap<object, string | null>();

function announcementOf(encoder: LanternServer['encoder']): string | null {
  let text = dataAnnouncement.get(encoder);
  if (text === undefined) {
    const probe = new Uint8Array(1);
    const packets = encoder.encode({ type: EVENT, nsp: '/', data: ['scan:data', probe] }) as unknown[];
    text = packets.length === 2 && typeof packets[0] === 'string' && packets[1] === probe ? packets[0] : null;
    dataAnnouncement.set(encoder, text);
  }
  return text;
}

export class BroadcastFrames {
  private readonly parts: Uint8Array[] = [];
  /** The events for clients that cannot take the prebuilt bytes. */
  private readonly events: [EventName, () => unknown][] = [];
  private bytes = 0;
  /** Viewers of the last `sendTo` written the prebuilt packet (the others got ordinary emits). */
  prebuilt = 0;

  constructor(private readonly io: LanternServer) {}

  get empty(): boolean {
    return this.events.length === 0;
  }

  private push(part: Uint8Array): void {
    this.parts.push(part);
    this.bytes += part.byteLength;
  }

  /** Adds a websocket message for one socket.io packet (text gets engine.io's "4" message prefix). */
  private message(packet: string | Uint8Array): void {
    const text = typeof packet === 'string';
    const data = text ? Buffer.from(`4${packet}`) : packet;
    this.push(websocketHeader(text ? OPCODE_TEXT : OPCODE_BINARY, data.byteLength));
    this.push(data);
  }

  /**
   * A `scan:data` event for the frame that `chunks` make up (see frameChunks, lib/wire/frame.ts): copied
   * once, into the message all viewers share, and joined only if a viewer needs the ordinary path.
   */
  addFrame(chunks: readonly Uint8Array[]): void {
    const announcement = announcementOf(this.io.encoder);
    if (announcement === null) {
      this.add('scan:data', joinChunks(chunks));
      return;
    }
    let joined: Uint8Array | null = null;
    this.events.push(['scan:data', () => (joined ??= joinChunks(chunks))]);
    this.message(announcement);
    const length = chunks.reduce((n, c) => n + c.byteLength, 0);
    this.push(websocketHeader(OPCODE_BINARY, length));
    for (const chunk of chunks) this.push(chunk);
  }

  add<E extends EventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.events.push([event, () => payload]);
    for (const packet of this.io.encoder.encode({ type: EVENT, nsp: '/', data: [event, payload] }) as (string | Uint8Array)[]) this.message(packet);
  }

  /** Sends the events, in order, to every member of `room` (viewers counted). */
  sendTo(room: string): number {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members?.size || this.empty) return 0;
    let shared: Buffer | null = null;
    let sent = 0;
    this.prebuilt = 0;
    for (const id of members) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      sent++;
      if (takesPreEncoded(socket)) {
        writePreEncoded(socket, (shared ??= Buffer.concat(this.parts, this.bytes)));
        this.prebuilt++;
        continue;
      }
      const emit = socket.emit.bind(socket) as (event: string, payload: unknown) => boolean;
      for (const [event, payload] of this.events) emit(event, payload());
    }
    return sent;
  }
}
