/**
 * A stream writer that also keeps what it published, so tests and benchmarks can compare what a reader
 * gets back with exactly what was sent.
 */
import type { NumericArray } from '../../lib/blissdata/dtype';
import type { StreamWriter } from '../../lib/blissdata/writer/stream-writer';

export type PublishedData =
  | { type: 'numeric'; dtype: string; pointShape: number[]; count: number; data: NumericArray }
  | { type: 'json'; count: number; values: unknown[] };

export class RecordedStream {
  private chunks: NumericArray[] = [];
  private values: unknown[] = [];
  private points = 0;
  private readonly pointSize: number;

  constructor(
    readonly writer: StreamWriter,
    private readonly record: boolean,
    /** Also gets every numeric send (the scan's NeXus file). */
    private readonly sink?: (data: NumericArray, points: number) => void,
  ) {
    const encoding = writer.definition.encoding;
    const shape = encoding.type === 'numeric' ? (encoding as { shape: number[] }).shape : [];
    this.pointSize = shape.reduce((a, b) => a * Math.max(b, 1), 1);
  }

  get name(): string {
    return this.writer.name;
  }

  /** Points (or json entries) published so far. */
  get count(): number {
    return this.points;
  }

  /**
   * Publishes whole points as one XADD. The array must not be reused afterwards: the payload may still
   * be queued in the Redis client, pointing at the same memory.
   */
  send(data: NumericArray): void {
    this.writer.send(data);
    const complexFactor = this.dtype.includes('c') ? 2 : 1;
    const points = data.length / (this.pointSize * complexFactor);
    this.points += points;
    if (this.record) this.chunks.push(data);
    this.sink?.(data, points);
  }

  sendJson(value: unknown): void {
    this.writer.sendJson(value);
    this.points += 1;
    if (this.record) this.values.push(value);
  }

  private get dtype(): string {
    const encoding = this.writer.definition.encoding;
    return encoding.type === 'numeric' ? (encoding as { dtype_str: string }).dtype_str : '';
  }

  /** Everything published, concatenated (empty when recording is off). */
  published(): PublishedData {
    const encoding = this.writer.definition.encoding;
    if (encoding.type !== 'numeric') return { type: 'json', count: this.points, values: this.values };
    const { dtype_str, shape } = encoding as { dtype_str: string; shape: number[] };
    return { type: 'numeric', dtype: dtype_str, pointShape: shape, count: this.points, data: concat(this.chunks) };
  }
}

function concat(chunks: NumericArray[]): NumericArray {
  const first = chunks[0];
  if (!first) return new Float64Array(0);
  if (chunks.length === 1) return first;
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new (first.constructor as new (n: number) => NumericArray)(total);
  let offset = 0;
  for (const chunk of chunks) {
    (out as unknown as { set(a: ArrayLike<unknown>, o: number): void }).set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
