/**
 * Write side of one data stream, with the Python writer's wire behaviour: XADD `<first index>-1` with
 * fields `payload` and `len` (only when > 1), strictly increasing indices, and the seal through FCALL.
 * Commands are queued on the scan's connection in order without waiting for each reply; `flush()` waits.
 */
import type { Redis } from 'ioredis';
import type { NumericArray } from '../dtype';
import { encodeJson, encodeNumericBatch, entryFields, type Encoding, type NumericEncoding } from '../encoding';
import { batchEntryId } from '../keys';
import { sealStream } from './seal-function';

export interface StreamDefinition {
  encoding: Encoding;
  /** Free stream info (plugin, dtype name, shape, lima_info, file_path...). */
  info: Record<string, unknown>;
}

export class StreamWriter {
  private index = 0;
  private pending: Promise<unknown>[] = [];
  private sealedTotal: number | null = null;

  constructor(
    private readonly redis: Redis,
    readonly name: string,
    readonly pk: string,
    readonly key: string,
    readonly definition: StreamDefinition,
  ) {}

  /** Points sent so far. */
  get length(): number {
    return this.index;
  }

  get sealed(): boolean {
    return this.sealedTotal !== null;
  }

  private ensureOpen(): void {
    if (this.sealedTotal !== null) throw new Error(`stream ${this.name} is sealed`);
  }

  private xadd(payload: Uint8Array, len: number): void {
    this.ensureOpen();
    const fields = entryFields({ payload, len });
    const args: (string | Buffer)[] = [this.key, batchEntryId(this.index), 'payload', Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)];
    if (fields.len !== undefined) args.push('len', fields.len);
    this.index += len;
    this.track(this.redis.xadd(...(args as [string, string, ...(string | Buffer)[]])));
  }

  private track(promise: Promise<unknown>): void {
    // Failures are reported by flush(); the no-op handler only prevents an unhandled rejection meanwhile.
    promise.catch(() => undefined);
    this.pending.push(promise);
    if (this.pending.length > 1024) {
      const all = Promise.all(this.pending);
      all.catch(() => undefined);
      this.pending = [all];
    }
  }

  /**
   * Sends whole points of a numeric stream as one batch: `data` holds `n × prod(shape)` items in C order.
   * `pointShape` is needed for variable (-1) shapes.
   */
  send(data: NumericArray, pointShape?: readonly number[]): void {
    if (this.definition.encoding.type !== 'numeric') throw new Error(`stream ${this.name} is json: use sendJson`);
    const batch = encodeNumericBatch(data, this.definition.encoding as NumericEncoding, pointShape);
    this.xadd(batch.payload, batch.len);
  }

  /** Sends one value of a json stream (json entries are never batched). */
  sendJson(value: unknown): void {
    if (this.definition.encoding.type !== 'json') throw new Error(`stream ${this.name} is numeric: use send`);
    this.xadd(encodeJson(value), 1);
  }

  /** Waits for every queued XADD; rethrows the first failure. */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  /** Flushes, then seals; returns the total number of points. Sealing twice returns the same total. */
  async seal(): Promise<number> {
    if (this.sealedTotal !== null) return this.sealedTotal;
    await this.flush();
    this.sealedTotal = await sealStream(this.redis, this.key);
    return this.sealedTotal;
  }
}
