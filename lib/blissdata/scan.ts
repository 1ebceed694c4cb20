/**
 * A scan as a reader sees it: identity, info, state and data streams, reloaded on every state change.
 * Streams are only instantiated from PREPARED on, as blissdata does.
 */
import type { Redis } from 'ioredis';
import { DataStream } from './data-stream';
import type { DataStore } from './data-store';
import { parseEncoding, type Encoding } from './encoding';
import { ScanDocumentError, ScanNotFoundError } from './errors';
import { parseScanDocument, parseScanState, ScanState, type ScanDocument, type ScanIdentity, type StreamModel } from './scan-document';
import { fieldText, toEntries, toStreamReads, type RawEntry } from './stream-entries';
import { resolveStreamKind, type ResolvedKind } from './stream-kind';

export class Scan {
  private document: ScanDocument;
  private currentState: ScanState;
  /** Id of the last state entry seen: the cursor for waiting on the next one. */
  private lastStateId: string;
  private streamMap = new Map<string, DataStream>();

  private constructor(
    private readonly store: DataStore,
    readonly key: string,
    document: ScanDocument,
    state: ScanState,
    lastStateId: string,
  ) {
    this.document = document;
    this.currentState = state;
    this.lastStateId = lastStateId;
    this.refreshStreams();
  }

  /** Loads a scan; throws ScanNotFoundError for a missing or deleted scan, ScanDocumentError for a bad one. */
  static async load(store: DataStore, key: string): Promise<Scan> {
    if (await store.isDeleted(key)) throw new ScanNotFoundError(key);
    const text = await store.getDocumentText(key);
    if (text === null) throw new ScanNotFoundError(key);
    const first = parseScanDocument(key, text);
    if (first.info.end_reason !== undefined) {
      // A closed scan's document is final: one read is enough.
      const [last] = toEntries(await store.redis.xrevrangeBuffer(store.keys.streamKey(first.state_stream.pk), '+', '-', 'COUNT', 1));
      const { state, id } = last ? Scan.parseStateEntry(key, last) : { state: ScanState.CREATED, id: '0-0' };
      return new Scan(store, key, first, state, id);
    }
    // The writer updates the document before (or with) each state entry, so a document read after the
    // state is at least as new as it: read in that order (one round trip), or a scan closing between
    // the reads would be CLOSED with the RUNNING document (no end_reason) for good.
    const [, command, ...args] = (await store.documentReader())(key);
    const replies = await store.redis
      .pipeline()
      .xrevrangeBuffer(store.keys.streamKey(first.state_stream.pk), '+', '-', 'COUNT', 1)
      .call(command, ...args)
      .exec();
    const [stateError, stateReply] = replies?.[0] ?? [new Error('no reply'), null];
    if (stateError) throw stateError;
    const docText = store.documentText(key, replies?.[1] ?? [new Error('no reply'), null]);
    if (docText === null) throw new ScanNotFoundError(key);
    const document = parseScanDocument(key, docText);
    const [last] = toEntries(stateReply as Parameters<typeof toEntries>[0]);
    const { state, id } = last ? Scan.parseStateEntry(key, last) : { state: ScanState.CREATED, id: '0-0' };
    return new Scan(store, key, document, state, id);
  }

  private static parseStateEntry(scanKey: string, entry: RawEntry): { state: ScanState; id: string } {
    const text = fieldText(entry, 'state');
    const state = text === undefined ? undefined : parseScanState(text);
    if (state === undefined) throw new ScanDocumentError(scanKey, `state stream entry ${entry.id} has invalid state ${JSON.stringify(text)}`);
    return { state, id: entry.id };
  }

  get doc(): ScanDocument {
    return this.document;
  }
  get identity(): ScanIdentity {
    return this.document.id;
  }
  get info(): Record<string, unknown> {
    return this.document.info;
  }
  get state(): ScanState {
    return this.currentState;
  }
  get stateKey(): string {
    return this.store.keys.streamKey(this.document.state_stream.pk);
  }
  /** The state-stream cursor: XREAD after this id returns the next state entries. */
  get stateCursor(): string {
    return this.lastStateId;
  }
  get streams(): ReadonlyMap<string, DataStream> {
    return this.streamMap;
  }

  /**
   * Deleted while running (`delete_scan(force=True)`): CLOSED with `end_reason: "DELETION"`, its streams
   * left unsealed (the deleting client owns none) and every key about to expire. Nothing more will
   * come: a reader must not wait for the seals.
   */
  get forcedDeletion(): boolean {
    return this.currentState === ScanState.CLOSED && this.info.end_reason === 'DELETION';
  }

  /**
   * Applies state entries read elsewhere (e.g. by a multiplexed reader) and reloads the document when the
   * state moved. Returns true when something changed. States only grow but may jump (STARTED -> CLOSED).
   */
  async applyStateEntries(entries: readonly RawEntry[]): Promise<boolean> {
    const last = entries.at(-1);
    if (!last) return false;
    const { state, id } = Scan.parseStateEntry(this.key, last);
    this.lastStateId = id;
    // Reload before publishing the new state, so state and document (end_reason...) always agree.
    const text = await this.store.getDocumentText(this.key);
    if (text === null) throw new ScanNotFoundError(this.key);
    const document = parseScanDocument(this.key, text);
    const changed = state > this.currentState;
    if (changed) this.currentState = state;
    this.document = document;
    this.refreshStreams();
    return changed;
  }

  /** Re-reads the document (and refreshes the streams); blissdata does this after every state entry. */
  async reload(): Promise<void> {
    const text = await this.store.getDocumentText(this.key);
    if (text === null) throw new ScanNotFoundError(this.key);
    this.document = parseScanDocument(this.key, text);
    this.refreshStreams();
  }

  /**
   * Waits up to `blockMs` for the next state entry on a connection that may block (not the shared one),
   * then reloads. Returns true when the state changed. A CLOSED scan returns false at once.
   */
  async update(blockingRedis: Redis, blockMs: number): Promise<boolean> {
    if (this.currentState === ScanState.CLOSED) return false;
    if (await this.store.isDeleted(this.key)) throw new ScanNotFoundError(this.key);
    const reply = await blockingRedis.xreadBuffer('BLOCK', blockMs, 'STREAMS', this.stateKey, this.lastStateId);
    const [read] = toStreamReads(reply);
    if (!read) return false;
    return this.applyStateEntries(read[1]);
  }

  private refreshStreams(): void {
    if (this.currentState < ScanState.PREPARED) return;
    // Upstream tests `self.info.get("save", False)`: Python truthiness, not `is True`.
    const saved = pythonTruthy(this.document.info.save);
    const models = Object.entries(this.document.data_streams);
    const cap = this.store.maxStreamsPerScan;
    models.forEach(([name, model], index) => {
      const existing = this.streamMap.get(name);
      if (existing && existing.pk === model.pk) return;
      // Beyond the cap a stream is listed, not read: thousands of streams would cost every viewer.
      const over = index >= cap ? `not read: this scan declares ${models.length} streams, more than the ${cap} read per scan${this.store.limitNames.streams ? ` (${this.store.limitNames.streams})` : ''}` : null;
      this.streamMap.set(name, this.createStream(name, model, saved, over));
    });
  }

  private createStream(name: string, model: StreamModel, saved: boolean, refused: string | null): DataStream {
    let encoding: Encoding | null = null;
    let resolved: ResolvedKind;
    if (refused) resolved = { kind: 'broken', error: refused };
    else {
      try {
        encoding = parseEncoding(model.encoding);
        resolved = resolveStreamKind({ encoding, info: model.info, scanSaved: saved, scanPath: this.document.id.path });
      } catch (error) {
        // A bad encoding breaks only this stream: the scan and its other streams stay usable.
        resolved = { kind: 'broken', error: (error as Error).message };
      }
    }
    return new DataStream(this.store.redis, name, model.pk, this.store.keys.streamKey(model.pk), encoding, model.info ?? {}, resolved);
  }
}

/** Python's truth value of a JSON value: false for null, false, 0, "", [] and {}. */
export function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
