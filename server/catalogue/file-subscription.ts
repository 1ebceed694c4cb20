/**
 * `scan:subscribe` for a scan no longer in Redis: the same snapshot and data frames a live scan gets,
 * read from its file (every frame flagged from-file), so the scan page opens it unchanged. Images go
 * as the latest frame only, the others on demand through the frame route, as for a live scan. The
 * catch-up waits while the client's queue is full, so a long scan never sits in memory at once.
 */
import { ScanNotFoundError } from '../../lib/blissdata/errors';
import type { ScanSnapshot, StreamMeta } from '../../lib/wire/contract';
import { FLAG_FROM_FILE, FLAG_LATEST } from '../../lib/wire/frame';
import type { Logger } from '../logger';
import { buildArrayFrame } from '../live/frame-builder';
import { queuedBytes } from '../live/engine-internals';
import type { LanternSocket } from '../live/live-context';
import { filePointSource } from './file-point-source';
import type { FileScan, FileScans } from './file-scans';

/** Subscription ids of file scans: far from the live ones (which count from 1). */
let nextScanId = 0x40000000;
/** Bytes of point data per frame sent. */
const FRAME_BYTES = 2 * 1024 * 1024;
/** The catch-up pauses while more than this is queued for the client. */
const QUEUE_BYTES = 8 * 1024 * 1024;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type FileSnapshot = ScanSnapshot & Required<Pick<ScanSnapshot, 'source' | 'file'>>;

function streamMetas(scan: FileScan): StreamMeta[] {
  return scan.streams.map((s, i) => ({
    id: i + 1,
    name: s.name,
    kind: s.kind,
    dtype: s.dtype,
    shape: s.pointShape,
    delivery: s.kind === 'lima' || s.pointShape.length >= 2 ? 'latest' : 'all',
    length: s.error ? 0 : s.length,
    sealed: true,
    firstAvailable: 0,
    unit: s.unit,
    error: s.error,
    ...(s.kind === 'lima' ? { lima: { framesAvailable: s.length, lastSaved: s.length - 1 } } : {}),
  }));
}

export function createFileSubscriber(files: FileScans, logger: Logger, exists: (key: string) => Promise<boolean>) {
  /** Subscriptions by socket and key, so an unsubscribe or a new subscribe stops the catch-up. */
  const active = new WeakMap<LanternSocket, Map<string, { cancelled: boolean }>>();

  async function send(socket: LanternSocket, scan: FileScan, snapshot: FileSnapshot, have: Record<string, number>, state: { cancelled: boolean }) {
    const stop = () => state.cancelled || !socket.connected;
    for (const meta of snapshot.streams) {
      try {
        await sendStream(meta);
      } catch (error) {
        // One unreadable dataset: that stream shows the error, the others still come.
        logger.warn({ scan: scan.key, stream: meta.name, file: scan.filePath, err: (error as Error).message }, 'cannot send a stream from its file');
        if (!stop()) socket.emit('scan:stream-error', { key: scan.key, stream: meta.name, error: `cannot read it from ${scan.filePath}: ${(error as Error).message}` });
      }
      if (stop()) return;
    }

    async function sendStream(meta: StreamMeta): Promise<void> {
      const stream = scan.streams[meta.id - 1]!;
      if (meta.error || meta.length === 0 || stream.kind === 'lima') return;
      // The one read path of a file scan's points, as the slice route and the level of detail read them.
      const source = filePointSource(files, scan, stream, FRAME_BYTES);
      const latest = meta.delivery === 'latest';
      const from = latest ? meta.length - 1 : Math.min(have[meta.name] ?? 0, meta.length);
      const flags = latest ? FLAG_LATEST | FLAG_FROM_FILE : FLAG_FROM_FILE;
      for await (const run of source.read(from, meta.length)) {
        if (stop()) return;
        if (run.type !== 'numeric') continue; // a file source yields numeric runs only
        socket.emit('scan:data', buildArrayFrame(snapshot.scanId, meta.id, run.index, run.count, run.data, run.pointShape, run.dtype, flags));
        while (queuedBytes(socket) > QUEUE_BYTES && !stop()) await sleep(10);
      }
    }
  }

  /**
   * The live subscription while Redis holds the scan; else the scan from its file, when one is known.
   * Redis is asked first: a scan still followed for other viewers would otherwise outlive its deletion.
   */
  return async function subscribeOrReopen(socket: LanternSocket, key: string, have: Record<string, number>, subscribeLive: () => Promise<ScanSnapshot>): Promise<ScanSnapshot> {
    if (!files.knows(key) || (await exists(key))) {
      try {
        return await subscribeLive();
      } catch (error) {
        if (!(error instanceof ScanNotFoundError) || !files.knows(key)) throw error;
      }
    }
    const scan = await files.open(key);
    const snapshot: FileSnapshot = {
      key: scan.key,
      scanId: nextScanId++,
      summary: scan.summary,
      identity: scan.identity,
      info: scan.info,
      streams: streamMetas(scan),
      source: 'file',
      file: { path: scan.filePath, entry: scan.entry },
    };
    let mine = active.get(socket);
    if (!mine) {
      const subscriptions = new Map<string, { cancelled: boolean }>();
      mine = subscriptions;
      active.set(socket, subscriptions);
      socket.on('scan:unsubscribe', (request) => {
        const key = (request as { key?: unknown } | undefined)?.key;
        if (typeof key !== 'string') return;
        const state = subscriptions.get(key);
        if (state) state.cancelled = true;
        subscriptions.delete(key);
      });
    }
    const previous = mine.get(key);
    if (previous) previous.cancelled = true;
    const state = { cancelled: false };
    mine.set(key, state);
    // After the snapshot has gone out: the client routes frames by the snapshot's scanId.
    setImmediate(() => void send(socket, scan, snapshot, have, state));
    return snapshot;
  };
}
