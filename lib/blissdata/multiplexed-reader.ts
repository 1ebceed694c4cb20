/**
 * Tails many Redis streams (of many scans) with one blocking XREAD on one dedicated connection. Streams
 * can be added or removed while a read is blocked; a cursor only advances when its own entries are
 * delivered, so nothing is lost or doubled, and after a connection loss every cursor resumes where it was.
 * Several tails may follow one key (e.g. the scan list and a viewed scan both follow a state stream):
 * the key is read once from the lowest cursor and each tail gets the entries past its own.
 */
import type { Redis } from 'ioredis';
import { compareStreamIds } from './keys';
import { toStreamReads, type RawEntry } from './stream-entries';

export interface Tail {
  readonly key: string;
  /** XREAD id: entries with a greater id are delivered next. The tail moves it in `onEntries`. */
  cursor: string;
  /** Called synchronously with new entries (at most `count` per read). */
  onEntries(entries: RawEntry[]): void;
  /** The stream cannot be read (e.g. the key holds another type); the tail has been removed. */
  onError?(error: Error): void;
}

export interface MultiplexedReaderOptions {
  /** Max entries per stream per XREAD (bounded so one busy stream cannot starve the others). */
  count?: number;
  /** XREAD BLOCK timeout; also the wake-up latency for added streams when there is no control connection. */
  blockMs?: number;
  /**
   * A second connection, for this reader alone (it blocks up to 50 ms): streams added while the shared
   * read is blocked are read on it meanwhile.
   */
  control?: Redis;
  /** Connection trouble and recovery, for logs, metrics and telling clients. */
  onStatus?(status: { connected: boolean; error?: Error }): void;
  /** Called after every XREAD round that returned data (e.g. to flush coalesced messages). */
  onRound?(): void;
  /**
   * Least milliseconds from the start of one XREAD round that returned data to the next XREAD (default
   * 0; not applied after a full reply, so a backlog is read at full speed). Without it, busy streams wake the blocked XREAD at nearly every XADD: one round-trip, reply and
   * parse per few entries. A few milliseconds gather more entries per round, for a latency that callers
   * coalescing over longer periods anyway do not see.
   */
  minRoundMs?: number;
}

/** Tails added during a blocked read are read with this block on the control connection until it returns. */
const JOIN_BLOCK_MS = 50;

interface ReadRequest {
  key: string;
  cursor: string;
  tails: { tail: Tail; cursor: string }[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MultiplexedReader {
  private readonly tails = new Map<string, Tail[]>();
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private blocked = false;
  private disconnected = false;
  /** Tails added while the shared read was blocked (not part of it). */
  private readonly joining = new Set<Tail>();
  private polling = false;
  private readonly count: number;
  private readonly blockMs: number;
  /** XREAD calls issued, for metrics and the fan-out benchmark. */
  reads = 0;

  constructor(
    private readonly redis: Redis,
    private readonly options: MultiplexedReaderOptions = {},
  ) {
    this.count = options.count ?? 200;
    this.blockMs = options.blockMs ?? 1000;
    redis.on('ready', () => {
      if (this.disconnected) {
        this.disconnected = false;
        this.options.onStatus?.({ connected: true });
      }
    });
    // ioredis reconnects by itself and resends the pending XREAD with the same cursors; only report it.
    redis.on('close', () => {
      if (!this.running || this.disconnected) return;
      this.disconnected = true;
      this.options.onStatus?.({ connected: false, error: new Error('connection to Redis lost') });
    });
  }

  /** Number of distinct keys tailed. */
  get size(): number {
    return this.tails.size;
  }

  has(key: string): boolean {
    return this.tails.has(key);
  }

  add(tail: Tail): void {
    const list = this.tails.get(tail.key);
    if (list?.includes(tail)) throw new Error(`this tail of ${tail.key} is already added`);
    if (list) list.push(tail);
    else this.tails.set(tail.key, [tail]);
    if (this.blocked) this.joining.add(tail);
    this.interrupt();
  }

  remove(tail: Tail): void {
    // Entries of a blocked read for a removed tail are dropped on arrival: no need to interrupt.
    const list = this.tails.get(tail.key);
    if (!list) return;
    const rest = list.filter((t) => t !== tail);
    if (rest.length) this.tails.set(tail.key, rest);
    else this.tails.delete(tail.key);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt();
    await this.loopDone;
  }

  /**
   * Makes a new stream set take effect now, not after blockMs. A blocked XREAD is not aborted (that
   * needs CLIENT UNBLOCK, with which Lantern's Redis user could abort any client's blocking command):
   * tails added meanwhile are read on the control connection, with a short block, until it returns.
   */
  private interrupt(): void {
    this.wake?.();
    if (this.blocked && this.options.control) void this.pollJoining(this.options.control);
  }

  /** Reads of the tails added while the shared read is blocked, until it returns. */
  private async pollJoining(control: Redis): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.running && this.blocked && this.joining.size) {
        const requests = this.requestsOf([...this.joining].filter((t) => this.tails.get(t.key)?.includes(t)));
        if (!requests.length) break;
        // A short block: returns at the first entry, as the shared read would; a tail added meanwhile waits JOIN_BLOCK_MS at most.
        const reply = await control.xreadBuffer('COUNT', this.count, 'BLOCK', JOIN_BLOCK_MS, 'STREAMS', ...requests.map((r) => r.key), ...requests.map((r) => r.cursor)).catch(() => null);
        const reads = reply ? toStreamReads(reply) : [];
        this.deliver(reads, new Map(requests.map((r) => [r.key, r])));
        if (reads.length && this.options.minRoundMs) await sleep(this.options.minRoundMs);
      }
    } finally {
      this.polling = false;
    }
  }

  /** Per key: the given tails with the cursor each has now; the key is read from the lowest. */
  private requestsOf(tails: Iterable<Tail>): ReadRequest[] {
    const byKey = new Map<string, { tail: Tail; cursor: string }[]>();
    for (const tail of tails) byKey.set(tail.key, [...(byKey.get(tail.key) ?? []), { tail, cursor: tail.cursor }]);
    return [...byKey].map(([key, list]) => ({ key, tails: list, cursor: list.reduce((min, t) => (compareStreamIds(t.cursor, min) < 0 ? t.cursor : min), list[0]!.cursor) }));
  }

  /** Delivers to each tail still registered, at the cursor it had when the read was issued, the entries past it. */
  private deliver(reads: Array<[string, RawEntry[]]>, byKey: Map<string, ReadRequest>): void {
    for (const [key, entries] of reads) {
      const request = byKey.get(key);
      if (!request || !entries.length) continue;
      for (const { tail, cursor } of request.tails) {
        if (tail.cursor !== cursor || !this.tails.get(key)?.includes(tail)) continue;
        const fresh = cursor === request.cursor ? entries : entries.filter((e) => compareStreamIds(e.id, cursor) > 0);
        if (!fresh.length) continue;
        try {
          tail.onEntries(fresh);
        } catch (error) {
          this.remove(tail);
          tail.onError?.(error as Error);
        }
      }
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      if (this.tails.size === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.blockMs);
        });
        this.wake = null;
        continue;
      }
      // A tail whose cursor is not a stream id Redis accepts would fail the read of every stream: drop it alone.
      this.dropInvalidCursors();
      if (this.tails.size === 0) continue;
      // Per key: every tail with the cursor it had when the read was issued; the key is read from the lowest.
      const requests = this.requestsOf([...this.tails.values()].flat());
      this.joining.clear();
      const byKey = new Map(requests.map((r) => [r.key, r]));
      const roundStart = performance.now();
      let delivered = false;
      try {
        this.blocked = true;
        this.reads++;
        const reply = await this.redis.xreadBuffer(
          'COUNT',
          this.count,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          ...requests.map((r) => r.key),
          ...requests.map((r) => r.cursor),
        );
        this.blocked = false;
        if (failures && !this.disconnected) this.options.onStatus?.({ connected: true });
        failures = 0;
        const reads = toStreamReads(reply);
        this.deliver(reads, byKey);
        if (reads.length) this.options.onRound?.();
        // A full reply (COUNT reached) means more is waiting: read on at once.
        delivered = reads.length > 0 && !reads.some(([, entries]) => entries.length >= this.count);
      } catch (error) {
        this.blocked = false;
        if (!this.running) break;
        // Redis answered with an error (WRONGTYPE, a refused id, NOPERM on one key): it concerns some
        // keys, not the connection. Find them, drop only their tails, keep reading the others.
        if ((error as Error).name === 'ReplyError' && (await this.dropUnreadableKeys(requests))) continue;
        failures++;
        this.options.onStatus?.({ connected: false, error: error as Error });
        await sleep(Math.min(5000, 50 * 2 ** Math.min(failures, 7)));
      }
      const wait = delivered && this.options.minRoundMs ? roundStart + this.options.minRoundMs - performance.now() : 0;
      if (wait >= 1 && this.running) await sleep(wait);
    }
  }

  private dropTails(key: string, error: Error): void {
    const tails = this.tails.get(key) ?? [];
    this.tails.delete(key);
    for (const tail of tails) tail.onError?.(error);
  }

  private dropInvalidCursors(): void {
    for (const [key, list] of [...this.tails]) {
      const bad = list.find((t) => !isStreamId(t.cursor));
      if (bad) this.dropTails(key, new Error(`cursor ${JSON.stringify(bad.cursor)} of ${key} is not a valid stream id`));
    }
  }

  /**
   * One key can fail the whole XREAD: read each key alone (non-blocking, one entry) to find which fail,
   * and drop only their tails. False when none fails alone (then it was not about one key).
   */
  private async dropUnreadableKeys(requests: { key: string; cursor: string }[]): Promise<boolean> {
    const pipeline = this.redis.pipeline();
    for (const { key, cursor } of requests) pipeline.xread('COUNT', 1, 'STREAMS', key, cursor);
    const replies = (await pipeline.exec().catch(() => null)) ?? [];
    const failed = requests.flatMap(({ key }, i) => (replies[i]?.[0] ? [{ key, failure: replies[i]![0]! }] : []));
    for (const { key, failure } of failed) {
      if (/WRONGTYPE/.test(failure.message)) {
        const type = await this.redis.type(key).catch(() => 'other type');
        this.dropTails(key, new Error(`key ${key} holds a ${type}, not a stream`));
      } else this.dropTails(key, new Error(`Redis refuses to read ${key}: ${failure.message}`));
    }
    return failed.length > 0;
  }
}

const MAX_ID_PART = 18446744073709551615n;

/** `ms-seq` with both parts decimal integers up to 2^64 - 1, as XREAD requires. */
export function isStreamId(id: string): boolean {
  const match = /^([0-9]{1,20})-([0-9]{1,20})$/.exec(id);
  return match !== null && BigInt(match[1]!) <= MAX_ID_PART && BigInt(match[2]!) <= MAX_ID_PART;
}
