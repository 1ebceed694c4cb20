/**
 * Write side of a scan, with blissdata's exact wire behaviour: creation in one MULTI (document, history
 * entry, state 0), each state change as `MULTI; JSON.SET key . doc; XADD state * state N; EXEC`, the
 * allowed transitions, the info-change rule and the 1 MiB info limit.
 */
import type { Redis } from 'ioredis';
import { monotonicFactory } from 'ulid';
import type { DataStore } from '../data-store';
import { parseDtype } from '../dtype';
import { ScanInfoTooLargeError, ScanStateTransitionError } from '../errors';
import { SCAN_HISTORY_KEY, SCAN_HISTORY_MAXLEN } from '../keys';
import { SCAN_STATE_NAMES, ScanState, type ScanDocument } from '../scan-document';
import { StreamWriter, type StreamDefinition } from './stream-writer';

const ulid = monotonicFactory();
export const MAX_INFO_BYTES = 1024 * 1024;

export interface IdentityInput {
  name: string;
  number: number;
  data_policy: string;
  session?: string | null;
  proposal?: string | null;
  collection?: string | null;
  dataset?: string | null;
  path?: string | null;
  [extra: string]: unknown;
}

/** Stream info as Bliss writes it for a numeric stream: numpy dtype name and point shape. */
export function numericStreamDefinition(dtypeStr: string, shape: number[], info: Record<string, unknown> = {}): StreamDefinition {
  return { encoding: { type: 'numeric', dtype_str: dtypeStr, shape }, info: { dtype: parseDtype(dtypeStr).name, shape, ...info } };
}

export function jsonStreamDefinition(info: Record<string, unknown> = {}): StreamDefinition {
  return { encoding: { type: 'json' }, info };
}

function serializeInfo(scanKey: string, info: Record<string, unknown>): string {
  // JSON.stringify writes NaN and infinities as null, which is what blissdata does before saving.
  const text = JSON.stringify(info);
  const size = new TextEncoder().encode(text).length;
  if (size > MAX_INFO_BYTES) throw new ScanInfoTooLargeError(`scan ${scanKey}: info is ${size} bytes, more than the 1 MiB blissdata allows`);
  return text;
}

export class ScanWriter {
  private state = ScanState.CREATED;
  private savedInfo: string;
  private readonly streamWriters = new Map<string, StreamWriter>();
  /** Streams declared since the last save: they reach the document at the next state change. */
  private readonly declared = new Map<string, { pk: string; definition: StreamDefinition }>();
  private readonly published = new Map<string, { pk: string; definition: StreamDefinition }>();

  private constructor(
    private readonly store: DataStore,
    readonly key: string,
    readonly pk: string,
    private readonly identity: IdentityInput & { pk: string },
    readonly statePk: string,
    /** The scan_info; may be edited until PREPARED, and again before close(). */
    public info: Record<string, unknown>,
  ) {
    this.savedInfo = serializeInfo(key, info);
  }

  private get redis(): Redis {
    return this.store.redis;
  }

  static async create(store: DataStore, identity: IdentityInput, info: Record<string, unknown>): Promise<ScanWriter> {
    const pk = ulid();
    const writer = new ScanWriter(store, store.keys.scanKey(pk), pk, { ...identity, pk: ulid() }, ulid(), info);
    await store.redis
      .multi()
      .call('JSON.SET', writer.key, '.', JSON.stringify(writer.document()))
      .xadd(SCAN_HISTORY_KEY, 'MAXLEN', '~', String(SCAN_HISTORY_MAXLEN), '*', 'key', writer.key)
      .xadd(writer.stateKey, '*', 'state', String(ScanState.CREATED))
      .exec()
      .then(checkExec);
    return writer;
  }

  get currentState(): ScanState {
    return this.state;
  }

  get stateKey(): string {
    return this.store.keys.streamKey(this.statePk);
  }

  get streams(): ReadonlyMap<string, StreamWriter> {
    return this.streamWriters;
  }

  /** Declares a stream; it becomes visible to readers with the next state change (PREPARED at the latest). */
  declareStream(name: string, definition: StreamDefinition): StreamWriter {
    if (this.streamWriters.has(name)) throw new Error(`stream ${name} is already declared in scan ${this.key}`);
    const pk = ulid();
    const writer = new StreamWriter(this.redis, name, pk, this.store.keys.streamKey(pk), definition);
    this.streamWriters.set(name, writer);
    this.declared.set(name, { pk, definition });
    return writer;
  }

  private document(): ScanDocument {
    const dataStreams: ScanDocument['data_streams'] = {};
    for (const [name, { pk, definition }] of this.published) {
      dataStreams[name] = { pk, encoding: { ...definition.encoding }, info: definition.info };
    }
    return {
      pk: this.pk,
      id: this.identity as ScanDocument['id'],
      info: this.info,
      state_stream: { pk: this.statePk, encoding: null, info: null },
      data_streams: dataStreams,
    };
  }

  private async save(next: ScanState): Promise<void> {
    const info = serializeInfo(this.key, this.info);
    // blissdata asserts info only changes when entering PREPARED or CLOSED.
    if (info !== this.savedInfo && next !== ScanState.PREPARED && next !== ScanState.CLOSED) {
      throw new ScanStateTransitionError(`scan ${this.key}: info may only change when entering PREPARED or CLOSED, not ${SCAN_STATE_NAMES[next]}`);
    }
    for (const [name, stream] of this.declared) this.published.set(name, stream);
    this.declared.clear();
    await this.redis
      .multi()
      .call('JSON.SET', this.key, '.', JSON.stringify(this.document()))
      .xadd(this.stateKey, '*', 'state', String(next))
      .exec()
      .then(checkExec);
    this.savedInfo = info;
    this.state = next;
  }

  private require(expected: ScanState, next: ScanState): void {
    if (this.state !== expected) {
      throw new ScanStateTransitionError(
        `scan ${this.key}: cannot go to ${SCAN_STATE_NAMES[next]} from ${SCAN_STATE_NAMES[this.state]} (only from ${SCAN_STATE_NAMES[expected]})`,
      );
    }
  }

  async prepare(): Promise<void> {
    this.require(ScanState.CREATED, ScanState.PREPARED);
    await this.save(ScanState.PREPARED);
  }

  async start(): Promise<void> {
    this.require(ScanState.PREPARED, ScanState.STARTED);
    await this.save(ScanState.STARTED);
  }

  /** Seals every stream, then STOPPED. */
  async stop(): Promise<void> {
    this.require(ScanState.STARTED, ScanState.STOPPED);
    await this.sealAll();
    await this.save(ScanState.STOPPED);
  }

  /** Allowed from any state: seals every stream, then CLOSED with `end_reason` (and `end_time`) in info. */
  async close(endReason: 'SUCCESS' | 'FAILURE' | 'USER_ABORT' | 'DELETION' = 'SUCCESS'): Promise<void> {
    if (this.state === ScanState.CLOSED) throw new ScanStateTransitionError(`scan ${this.key} is already closed`);
    await this.sealAll();
    this.info = { ...this.info, end_reason: endReason, end_time: this.info.end_time ?? new Date().toISOString() };
    await this.save(ScanState.CLOSED);
  }

  async flush(): Promise<void> {
    await Promise.all([...this.streamWriters.values()].map((s) => s.flush()));
  }

  private async sealAll(): Promise<void> {
    await Promise.all([...this.streamWriters.values()].map((s) => s.seal()));
  }

  /** blissdata's delete_scan: EXPIRE 10 on every key in one MULTI, so readers skip it and it vanishes. */
  async delete(): Promise<void> {
    await this.expire(10);
  }

  /** EXPIRE on every key of the scan in one MULTI, as blissdata's memory tracker does to closed scans. */
  async expire(seconds: number): Promise<void> {
    const multi = this.redis.multi();
    for (const stream of this.streamWriters.values()) multi.expire(stream.key, seconds);
    multi.expire(this.stateKey, seconds).expire(this.key, seconds);
    await multi.exec().then(checkExec);
  }
}

function checkExec(results: [Error | null, unknown][] | null): void {
  if (results === null) throw new Error('transaction aborted');
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}
