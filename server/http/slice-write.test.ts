/** The slice route's chunk writes give the event loop a turn between chunks, however the socket drains. */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ClientGoneError, write } from './slice-route';

/** A response whose socket buffer is always full and drains as the kernel does on loopback: from a nextTick. */
function response(): ServerResponse & { chunks: unknown[] } {
  const res = new EventEmitter() as EventEmitter & { chunks: unknown[]; destroyed: boolean; write(chunk: unknown): boolean };
  res.chunks = [];
  res.destroyed = false;
  res.write = (chunk) => {
    res.chunks.push(chunk);
    process.nextTick(() => res.emit('drain'));
    return false;
  };
  return res as unknown as ServerResponse & { chunks: unknown[] };
}

describe('slice chunk writes', () => {
  it('resume from a macrotask after a drain, so queued I/O and timers run between two chunks', async () => {
    const res = response();
    const turns: number[] = [];
    for (let chunk = 0; chunk < 3; chunk++) {
      // Work queued before each write (as a request's callback would be) must run before the next chunk.
      let ran = false;
      setImmediate(() => (ran = true));
      await write(res, `chunk ${chunk}\n`);
      turns.push(ran ? 1 : 0);
    }
    expect(turns).toEqual([1, 1, 1]);
    expect(res.chunks).toEqual(['chunk 0\n', 'chunk 1\n', 'chunk 2\n']);
  });

  it('fails with ClientGoneError when the client went away meanwhile', async () => {
    const res = response();
    res.write = (chunk: unknown) => {
      res.chunks.push(chunk);
      process.nextTick(() => res.emit('close'));
      return false;
    };
    await expect(write(res, 'x')).rejects.toBeInstanceOf(ClientGoneError);
    (res as unknown as { destroyed: boolean }).destroyed = true;
    await expect(write(res, 'y')).rejects.toBeInstanceOf(ClientGoneError);
    expect(res.chunks).toEqual(['x']);
  });
});
