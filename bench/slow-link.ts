/**
 * A slow link between the browser and Lantern for the WAN figures: a TCP proxy on loopback that gives
 * every byte, in each direction, a bandwidth share of one link (10 Mbit/s by default, shared by all the
 * connections through it, as a remote site's line is) and half the round-trip time as delay. HTTP and
 * the websocket alike go through it (Chromium's own network emulation is not relied on for websockets).
 *
 * Backpressure is real: once a direction holds more than `bufferBytes` not yet delivered, the sending
 * socket is paused, so the server's socket fills up as it would behind a slow line.
 */
import net from 'node:net';

export interface SlowLinkOptions {
  /** Bits per second in each direction. */
  bitsPerSecond: number;
  /** Round trip added, ms (half each way). */
  rttMs: number;
  /** Bytes in flight per direction before the sender is paused (the line's queue). */
  bufferBytes?: number;
}

/** One direction of the line: when its next byte can leave, and how much is queued in it. */
class Direction {
  private nextFree = 0;
  queued = 0;
  readonly paused = new Set<net.Socket>();
  constructor(
    private readonly bytesPerMs: number,
    private readonly delayMs: number,
  ) {}

  /** When a chunk sent now arrives at the far end (ms, performance.now() clock). */
  schedule(bytes: number): number {
    const now = performance.now();
    const leaves = Math.max(now, this.nextFree) + bytes / this.bytesPerMs;
    this.nextFree = leaves;
    return leaves + this.delayMs;
  }
}

export class SlowLink {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** Bytes carried towards the browser. */
  downBytes = 0;

  private constructor(targetPort: number, options: SlowLinkOptions) {
    const bytesPerMs = options.bitsPerSecond / 8 / 1000;
    const half = options.rttMs / 2;
    const limit = options.bufferBytes ?? 256 * 1024;
    const down = new Direction(bytesPerMs, half);
    const up = new Direction(bytesPerMs, half);
    this.server = net.createServer((client) => {
      const upstream = net.connect(targetPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      const pipe = (from: net.Socket, to: net.Socket, dir: Direction, count: boolean) => {
        // Chunks leave in order from one queue per connection and direction (timers of different
        // delays may fire out of order, which would reorder the byte stream).
        const queue: { at: number; chunk: Buffer | null }[] = [];
        let timer: ReturnType<typeof setTimeout> | null = null;
        const deliver = () => {
          timer = null;
          const now = performance.now();
          while (queue.length && queue[0]!.at <= now + 0.5) {
            const { chunk } = queue.shift()!;
            if (chunk === null) {
              to.end();
              continue;
            }
            dir.queued -= chunk.length;
            if (count) this.downBytes += chunk.length;
            if (!to.destroyed) to.write(chunk);
          }
          if (dir.queued <= limit / 2) {
            for (const s of dir.paused) s.resume();
            dir.paused.clear();
          }
          if (queue.length) timer = setTimeout(deliver, Math.max(0, queue[0]!.at - performance.now()));
        };
        const push = (at: number, chunk: Buffer | null) => {
          queue.push({ at, chunk });
          if (!timer) timer = setTimeout(deliver, Math.max(0, queue[0]!.at - performance.now()));
        };
        from.on('data', (chunk: Buffer) => {
          dir.queued += chunk.length;
          if (dir.queued > limit) {
            from.pause();
            dir.paused.add(from);
          }
          push(dir.schedule(chunk.length), chunk);
        });
        from.on('end', () => push(dir.schedule(0), null));
      };
      pipe(client, upstream, up, false);
      pipe(upstream, client, down, true);
      // A side that ended has its end passed on after the data still on the line ('end' above); only
      // an error cuts both at once.
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', () => this.sockets.delete(client));
      upstream.on('error', close).on('close', () => this.sockets.delete(upstream));
    });
  }

  static async start(targetPort: number, options: SlowLinkOptions): Promise<SlowLink> {
    const link = new SlowLink(targetPort, options);
    await new Promise<void>((resolve) => link.server.listen(0, '127.0.0.1', resolve));
    link.port = (link.server.address() as net.AddressInfo).port;
    return link;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
