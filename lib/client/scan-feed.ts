/**
 * One scan followed over the Lantern socket: subscribe, resume after every reconnection with `have`
 * (the points held per stream, so the server continues where the client stopped: no gap, no
 * duplicate), start afresh when a restarted server renumbered the streams, and feed the frames into
 * typed-array buffers (lib/live-data). No React, no Node: the browser store, the benchmark client and
 * tests use it alike and add only what they do with the data.
 */
import { ScanBuffers } from '../live-data/scan-buffers';
import type { ScanProgress, ScanSnapshot } from '../wire/contract';
import type { Frame } from '../wire/frame';
import { decodeDataFrame } from './frames';
import { request, RequestError, type LanternSocket } from './request';

export interface ScanFeedListener {
  /** A document arrived (subscription reply or `scan:doc`); `resumed` after a reconnection. */
  snapshot?(snapshot: ScanSnapshot, how: { resumed: boolean }): void;
  /** The buffers object was replaced (streams renumbered): views keyed on it must start over. */
  reset?(buffers: ScanBuffers): void;
  progress?(progress: ScanProgress): void;
  /** A data frame of this scan was offered to the buffers; `changed` when they or their errors moved. */
  frame?(frame: Frame | null, changed: boolean): void;
  expired?(message: { stream: string; from: number; to: number }): void;
  streamError?(message: { stream: string; error: string }): void;
  gone?(reason: string): void;
  /** The subscription failed; `final` when retrying cannot help (unknown scan, refused request). */
  failed?(error: RequestError, final: boolean): void;
  /** Timeline hooks (performance marks). */
  mark?(name: 'subscribe' | 'snapshot' | 'first-data'): void;
}

export interface ScanFeedOptions {
  /** Retry delay after a failed subscription that may succeed later; none when undefined. */
  retryMs?: number;
  timeoutMs?: number;
  /** The display in device pixels, sent with each subscribe: live images come no larger than this. */
  display?: () => { width: number; height: number } | undefined;
}

/** Codes after which subscribing again is pointless. */
const FINAL = new Set(['not-found', 'bad-request']);

export class ScanFeed {
  /** Current buffers; replaced (see `reset`) only when the server renumbered streams. */
  buffers: ScanBuffers;
  private generation = 0;
  private subscribedOnce = false;
  private firstData = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private detach: (() => void) | null = null;

  constructor(
    readonly key: string,
    private readonly listener: ScanFeedListener = {},
    private readonly options: ScanFeedOptions = {},
  ) {
    // -1 never matches a frame's subscription id: frames of other scans are refused until our snapshot.
    this.buffers = new ScanBuffers(key, -1);
  }

  /** Listens on the socket and subscribes now and on every (re)connection; returns the detach function. */
  attach(socket: LanternSocket): () => void {
    const key = this.key;
    const l = this.listener;
    const onConnect = () => void this.subscribe(socket);
    const onDoc = (snapshot: ScanSnapshot) => {
      if (snapshot.key !== key) return;
      this.buffers.applySnapshot(snapshot);
      l.snapshot?.(snapshot, { resumed: false });
    };
    const onProgress = (progress: ScanProgress) => {
      if (progress.key !== key) return;
      this.buffers.applyProgress(progress);
      l.progress?.(progress);
    };
    const onData = (raw: ArrayBuffer | Uint8Array) => void this.receive(raw);
    // A paced image frame: acknowledged once taken in, which lets the server send the next one.
    const onLatest = (raw: ArrayBuffer | Uint8Array, ack: () => void) => {
      if (this.receive(raw) && typeof ack === 'function') ack();
    };
    const onExpired = (m: { key: string; stream: string; from: number; to: number }) => {
      if (m.key !== key) return;
      this.buffers.applyExpired(m);
      l.expired?.(m);
    };
    const onStreamError = (m: { key: string; stream: string; error: string }) => {
      if (m.key === key) l.streamError?.(m);
    };
    const onGone = (m: { key: string; reason: string }) => {
      if (m.key === key) l.gone?.(m.reason);
    };
    socket.on('connect', onConnect);
    socket.on('scan:doc', onDoc);
    socket.on('scan:progress', onProgress);
    socket.on('scan:data', onData);
    socket.on('scan:latest', onLatest);
    socket.on('scan:expired', onExpired);
    socket.on('scan:stream-error', onStreamError);
    socket.on('scan:gone', onGone);
    void this.subscribe(socket);
    const detach = () => {
      this.generation++;
      if (this.retry) clearTimeout(this.retry);
      this.retry = null;
      socket.off('connect', onConnect);
      socket.off('scan:doc', onDoc);
      socket.off('scan:progress', onProgress);
      socket.off('scan:data', onData);
      socket.off('scan:latest', onLatest);
      socket.off('scan:expired', onExpired);
      socket.off('scan:stream-error', onStreamError);
      socket.off('scan:gone', onGone);
      if (socket.connected) socket.emit('scan:unsubscribe', { key });
      this.detach = null;
    };
    this.detach = detach;
    return detach;
  }

  close(): void {
    this.detach?.();
  }

  /** Offers a raw frame to this scan's buffers (frames of other scans are ignored: false). */
  receive(raw: ArrayBuffer | Uint8Array): boolean {
    let frame: Frame | null = null;
    try {
      frame = decodeDataFrame(raw);
    } catch {
      // Recorded by the buffers under id -1 below.
    }
    if (frame && frame.scanId !== this.buffers.scanId) return false;
    if (!this.firstData) {
      this.firstData = true;
      this.listener.mark?.('first-data');
    }
    const errorsBefore = this.buffers.errors.size;
    const applied = this.buffers.applyFrame(frame ?? raw);
    this.listener.frame?.(frame, applied !== null || this.buffers.errors.size !== errorsBefore);
    return true;
  }

  private async subscribe(socket: LanternSocket): Promise<void> {
    if (!socket.connected) return; // the `connect` handler subscribes once connected
    const mine = ++this.generation;
    const resume = this.subscribedOnce;
    const have = resume ? this.buffers.have() : {};
    const l = this.listener;
    let renumbered = false;
    try {
      l.mark?.('subscribe');
      const display = this.options.display?.();
      const snapshot = await request(socket, 'scan:subscribe', { key: this.key, have, ...(display ? { display } : {}) }, {
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        // Applied inside the acknowledgement: frames right behind it already find their scan id.
        onValue: (value) => {
          if (mine !== this.generation) return;
          if (resume && isRenumbered(this.buffers, value)) {
            // A restarted server numbers streams anew: held data cannot be matched to the new ids.
            renumbered = true;
            this.buffers = new ScanBuffers(this.key, -1);
            l.reset?.(this.buffers);
          }
          this.buffers.applySnapshot(value);
        },
      });
      l.mark?.('snapshot');
      if (mine !== this.generation) return;
      if (renumbered) {
        this.subscribedOnce = false;
        l.snapshot?.(snapshot, { resumed: false });
        await this.subscribe(socket);
        return;
      }
      this.subscribedOnce = true;
      l.snapshot?.(snapshot, { resumed: resume });
    } catch (error) {
      if (mine !== this.generation) return;
      const failure = error instanceof RequestError ? error : new RequestError(String((error as Error)?.message ?? error), 'internal');
      const final = FINAL.has(failure.code);
      l.failed?.(failure, final);
      if (!final && this.options.retryMs !== undefined) {
        if (this.retry) clearTimeout(this.retry);
        this.retry = setTimeout(() => void this.subscribe(socket), this.options.retryMs);
      }
    }
  }
}

/** Whether a stream the buffers know now has another id (held data would land in the wrong stream). */
function isRenumbered(buffers: ScanBuffers, snapshot: ScanSnapshot): boolean {
  return snapshot.streams.some((s) => {
    const id = buffers.idOf(s.name);
    return id !== undefined && id !== s.id;
  });
}
