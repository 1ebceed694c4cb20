/**
 * The socket.io / engine.io internals engine-internals.ts relies on, checked against the installed
 * versions on a real websocket connection: if an upgrade renames or removes one, this fails and names
 * it (instead of backpressure silently counting 0 queued bytes and the corking silently stopping).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngineInternals, queuedBytes, writePacketsTogether } from './engine-internals';

let http: HttpServer;
let server: Server;
let client: ClientSocket;
let serverSide: Socket;

beforeAll(async () => {
  http = createServer();
  server = new Server(http);
  const connected = new Promise<Socket>((resolve) => server.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
  serverSide = await connected;
});

afterAll(async () => {
  client.close();
  await server.close();
});

describe('socket.io internals used by engine-internals.ts', () => {
  it('are all present on a websocket connection of the installed socket.io', () => {
    expect((serverSide.conn as unknown as { transport: { name: string } }).transport.name).toBe('websocket');
    expect(missingEngineInternals(serverSide), 'socket.io/engine.io internals changed: update server/live/engine-internals.ts').toEqual([]);
  });

  it('counts what engine.io holds before the transport takes it', () => {
    const conn = serverSide.conn as unknown as { writeBuffer: { data?: unknown }[] };
    const idle = queuedBytes(serverSide);
    conn.writeBuffer.push({ data: new Uint8Array(1000) }, { data: 'x'.repeat(24) });
    try {
      expect(queuedBytes(serverSide) - idle).toBe(1024);
    } finally {
      conn.writeBuffer.splice(-2, 2);
    }
  });

  it('corks the TCP socket around each websocket send, and messages still arrive in order', async () => {
    const transport = (serverSide.conn as unknown as { transport: { socket: { _socket: import('node:net').Socket } } }).transport;
    const tcp = transport.socket._socket;
    // How deeply corked the TCP socket is at each write (ws corks a frame's header and payload itself).
    const write = tcp.write.bind(tcp) as (...args: unknown[]) => boolean;
    let corkedAtWrite: number[] = [];
    tcp.write = ((...args: unknown[]) => {
      corkedAtWrite.push(tcp.writableCorked);
      return write(...args);
    }) as typeof tcp.write;
    let received: number[] = [];
    client.on('n', (n: number) => received.push(n));
    const sendFive = async () => {
      received = [];
      corkedAtWrite = [];
      for (let n = 0; n < 5; n++) serverSide.emit('n', n);
      await new Promise<void>((resolve) => {
        const check = () => (received.length === 5 ? resolve() : setTimeout(check, 5));
        check();
      });
      expect(received).toEqual([0, 1, 2, 3, 4]);
      return corkedAtWrite;
    };
    const plain = await sendFive();
    writePacketsTogether(serverSide);
    expect(Object.hasOwn(transport, 'send')).toBe(true);
    const wrapped = await sendFive();
    // Every write one cork level deeper: all of a send's messages leave in one writev.
    expect(plain.length).toBeGreaterThan(0);
    expect(wrapped).toEqual(plain.map((c) => c + 1));
  });
});
