/**
 * A flush's events built once for a room (broadcast-frames.ts) must be what socket.io itself would
 * send, byte for byte, in order with the client's other messages; polling clients get them too.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket as TcpSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastFrames, websocketHeader } from './broadcast-frames';
import { writePacketsTogether } from './engine-internals';
import type { LanternServer } from './live-context';

let http: HttpServer;
let server: Server;
const clients: ClientSocket[] = [];
let wsSide: Socket;
let pollingSide: Socket;

async function client(transport: 'websocket' | 'polling'): Promise<{ client: ClientSocket; serverSide: Socket }> {
  const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const c = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: [transport], reconnection: false, forceNew: true });
  clients.push(c);
  const serverSide = await connected;
  await new Promise<void>((resolve) => (c.connected ? resolve() : c.once('connect', () => resolve())));
  return { client: c, serverSide };
}

/** Records every event a client receives, in order. */
function record(c: ClientSocket): unknown[][] {
  const seen: unknown[][] = [];
  c.onAny((event: string, payload: unknown) => seen.push([event, payload instanceof ArrayBuffer || payload instanceof Uint8Array ? [...new Uint8Array(payload as ArrayBuffer)] : payload]));
  return seen;
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

let ws: ClientSocket;
let polling: ClientSocket;

beforeAll(async () => {
  http = createServer();
  server = new Server(http, { perMessageDeflate: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  ({ client: ws, serverSide: wsSide } = await client('websocket'));
  ({ client: polling, serverSide: pollingSide } = await client('polling'));
  for (const s of [wsSide, pollingSide]) void s.join('live');
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
});

const frameA = Uint8Array.from({ length: 300 }, (_, i) => i % 251);
const frameB = new Uint8Array(70_000).fill(7);
const progress = { key: 'k', summary: { npoints: 3 }, streams: [{ id: 1, length: 3, sealed: false }] };

function build(): BroadcastFrames {
  const frames = new BroadcastFrames(server as unknown as LanternServer);
  frames.add('scan:data', frameA);
  // A frame given as the chunks it is made of (header, payloads): sent as the one frame they make.
  frames.addFrame([frameB.subarray(0, 40), frameB.subarray(40, 1000), frameB.subarray(1000)]);
  frames.add('scan:progress', progress as never);
  return frames;
}

/** The bytes written to the server side's TCP socket while `send` runs and the writes drain. */
async function written(socket: Socket, send: () => void, until: () => boolean): Promise<{ bytes: Buffer; writes: number }> {
  const tcp = (socket.conn as unknown as { transport: { socket: { _socket: TcpSocket } } }).transport.socket._socket;
  const chunks: Buffer[] = [];
  let writes = 0;
  const write = tcp.write.bind(tcp) as (chunk: unknown, ...rest: unknown[]) => boolean;
  tcp.write = ((chunk: unknown, ...rest: unknown[]) => {
    writes++;
    chunks.push(Buffer.from(chunk as Uint8Array));
    return write(chunk, ...rest);
  }) as typeof tcp.write;
  try {
    send();
    while (!until()) await new Promise((r) => setTimeout(r, 5));
  } finally {
    delete (tcp as unknown as { write?: unknown }).write;
  }
  return { bytes: Buffer.concat(chunks), writes };
}

describe('events built once for a room', () => {
  it('frames a websocket message header as RFC 6455 does for 7-bit, 16-bit and 64-bit lengths', () => {
    expect([...websocketHeader(2, 5)]).toEqual([0x82, 5]);
    expect([...websocketHeader(1, 300)]).toEqual([0x81, 126, 1, 44]);
    expect([...websocketHeader(2, 70_000)]).toEqual([0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70]);
  });

  it('writes the bytes socket.io writes for the same events, in one write, and every client gets them in order', async () => {
    writePacketsTogether(wsSide);
    const seenWs = record(ws);
    const seenPolling = record(polling);
    const expected = [
      ['scan:data', [...frameA]],
      ['scan:data', [...frameB]],
      ['scan:progress', progress],
    ];
    const room = server.to('live') as unknown as { emit(event: string, payload: unknown): void };
    const plain = await written(
      wsSide,
      () => {
        room.emit('scan:data', frameA);
        room.emit('scan:data', frameB);
        room.emit('scan:progress', progress);
      },
      () => seenWs.length === 3 && seenPolling.length === 3,
    );
    expect(seenWs).toEqual(expected);
    expect(seenPolling).toEqual(expected);
    seenWs.length = 0;
    seenPolling.length = 0;

    // Before and after: ordinary emits to each client stay in order with the prebuilt packet.
    const built = await written(
      wsSide,
      () => {
        for (const s of [wsSide, pollingSide]) s.emit('before', 1);
        const frames = build();
        expect(frames.sendTo('live')).toBe(2);
        // The websocket viewer took the prebuilt packet, the polling one ordinary emits.
        expect(frames.prebuilt).toBe(1);
        for (const s of [wsSide, pollingSide]) s.emit('after', 2);
      },
      () => seenWs.length === 5 && seenPolling.length === 5,
    );
    const inOrder = [['before', 1], ...expected, ['after', 2]];
    expect(seenWs).toEqual(inOrder);
    expect(seenPolling).toEqual(inOrder);
    // The websocket client's bytes: socket.io's own for the three events, framed between the other two.
    const text = (message: string) => Buffer.concat([websocketHeader(1, message.length), Buffer.from(message)]);
    const before = text('42["before",1]');
    const after = text('42["after",2]');
    expect(built.bytes.equals(Buffer.concat([before, plain.bytes, after]))).toBe(true);
    // socket.io's broadcast wrote each message's header and payload apart (ws writes a frame's header
    // and payload as two writes: 5 messages, two per binary event), as for 'before' and 'after'; the
    // prebuilt packet is one write.
    expect(plain.writes).toBe(10);
    expect(built.writes).toBe(2 + 1 + 2);
  });

  it('sends nothing to an empty room', () => {
    expect(build().sendTo('nobody')).toBe(0);
  });
});
