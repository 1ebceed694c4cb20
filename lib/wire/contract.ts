/**
 * The one typed contract between the Lantern server and its clients (socket.io events and payloads).
 * Bump WIRE_PROTOCOL on any incompatible change; the server refuses clients of another version.
 * Data travels as binary frames (see frame.ts): the schema once (`scan:doc`), then values.
 */

export const WIRE_PROTOCOL = 2;

export type ScanStateName = 'CREATED' | 'PREPARED' | 'STARTED' | 'STOPPED' | 'CLOSED';
export type EndReason = 'SUCCESS' | 'FAILURE' | 'USER_ABORT' | 'DELETION';
export type StreamKindName = 'array' | 'json' | 'lima' | 'lima2' | 'scan_sequence' | 'hdf5_fallback' | 'broken';

/** One row of the scan list. */
export interface ScanSummary {
  key: string;
  /** `_SCAN_HISTORY_` id: creation order and the `before` cursor for paging. */
  historyId: string;
  number: number;
  name: string;
  session: string | null;
  title: string | null;
  type: string | null;
  state: ScanStateName;
  startTime: string | null;
  endTime: string | null;
  endReason: EndReason | string | null;
  /** Points published so far (the longest scalar stream) and expected (null when open-ended). */
  progress: { published: number; expected: number | null };
  /** Set when the scan document cannot be used. */
  error?: string;
  /** A scan sequence: `progress` counts its sub-scans, and its sub-scans name it in `group`. */
  sequence?: true;
  /** Key of the sequence this scan belongs to (scan_info `group`). */
  group?: string;
}

/** Per-stream schema, sent once per document change; data frames refer to streams by `id`. */
export interface StreamMeta {
  /** Small integer unique within the scan subscription. */
  id: number;
  name: string;
  kind: StreamKindName;
  /** numpy dtype string as sent in frames (`<f8`...), null for json streams. */
  dtype: string | null;
  /** Shape of one point as declared ([] scalar, [n] spectrum, [h, w] image; -1 = variable). */
  shape: number[];
  /** `all`: every point is sent; `latest`: only the newest point per flush (big images), fetch others on demand. */
  delivery: 'all' | 'latest';
  /** Points published so far and whether the stream is sealed. */
  length: number;
  sealed: boolean;
  /** First index still in Redis (points before it expired, unless read from a file). */
  firstAvailable: number;
  unit: string | null;
  /** Why the stream cannot be shown, if so. */
  error: string | null;
  /** For Lima streams: frames acquired and the last frame saved in a file (-1 none). */
  lima?: { framesAvailable: number; lastSaved: number };
}

export interface ScanSnapshot {
  key: string;
  /** Id of this scan in data frame headers (FrameHeader.scanId). */
  scanId: number;
  summary: ScanSummary;
  identity: Record<string, unknown>;
  info: Record<string, unknown>;
  streams: StreamMeta[];
  /** `file`: the scan is gone from Redis and this is its saved HDF5 file (entry `<number>.1`), not live data. */
  source?: 'redis' | 'file';
  file?: { path: string; entry: string };
}

export interface SubscribeRequest {
  key: string;
  /** Points the client already holds per stream name (resume after reconnect): data continues from there. */
  have?: Record<string, number>;
  /** The client's display in device pixels: live images are not sent larger than this (binned previews). */
  display?: { width: number; height: number };
}

export interface StreamProgress {
  id: number;
  length: number;
  sealed: boolean;
  lima?: { framesAvailable: number; lastSaved: number };
}

export interface ScanProgress {
  key: string;
  summary: ScanSummary;
  streams: StreamProgress[];
}

export interface LodRequest {
  key: string;
  stream: string;
  from: number;
  to: number;
  /** Number of buckets; each gives min and max so peaks survive. */
  buckets: number;
}

/**
 * Answered by GET /api/scans/:key/streams/:name/lod?from&to&buckets[&client=<socket id>] (the body is
 * `data`, headers x-from, x-to and x-expired "a-b"): over its own HTTP connection, so a reply is never
 * queued behind the bulk data on the websocket; `client` holds that client's catch-up back meanwhile.
 */
export const lodPath = (key: string, stream: string) => `/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(stream)}/lod`;

export interface LodReply {
  from: number;
  to: number;
  /** Buckets as [index of bucket start, min, max] triplets, float64 (a Buffer view in Node clients). */
  data: ArrayBuffer | Uint8Array;
  expired: [number, number] | null;
}

export type ConnectionStatus = 'live' | 'redis-down';

export type Ack<T> = (reply: { ok: true; value: T } | { ok: false; error: string; code: ErrorCode }) => void;

/** `too-many`: a per-client limit (subscriptions, request size, request rate); the message names it. */
export type ErrorCode = 'bad-request' | 'not-found' | 'forbidden' | 'protocol' | 'unavailable' | 'too-many' | 'internal';

/**
 * `data` of the error a handshake middleware refuses a connection with; the client reads it as
 * `connect_error`'s `error.data`. `code` is the same vocabulary as an ack's; `type` names the cause.
 */
export interface ConnectErrorData {
  code: ErrorCode;
  type: string;
}

export interface ClientToServerEvents {
  'scans:watch': (request: { session?: string; limit?: number }, ack: Ack<{ scans: ScanSummary[] }>) => void;
  'scans:unwatch': () => void;
  'scan:subscribe': (request: SubscribeRequest, ack: Ack<ScanSnapshot>) => void;
  'scan:unsubscribe': (request: { key: string }) => void;
}

export interface ServerToClientEvents {
  /** Scans created or changed (state, progress) among those watched. */
  'scans:update': (scans: ScanSummary[]) => void;
  'scans:removed': (keys: string[]) => void;
  /** The scan document or its streams changed (state change, new streams, seal, length). */
  'scan:doc': (snapshot: ScanSnapshot) => void;
  /** Stream lengths, seals and Lima statuses, at most once per flush. */
  'scan:progress': (progress: ScanProgress) => void;
  /** Binary frame(s) of points; see frame.ts. One per stream per flush. */
  'scan:data': (frame: ArrayBuffer | Uint8Array) => void;
  /**
   * The newest point of a latest-only stream (an image), paced per client: call `ack` once it is taken
   * in; the next frame of that stream waits for it (server/live/latest-pacing.ts).
   */
  'scan:latest': (frame: ArrayBuffer | Uint8Array, ack: () => void) => void;
  /** Points of a stream that are gone from Redis and from files: shown as gaps, never as zeros. */
  'scan:expired': (message: { key: string; stream: string; from: number; to: number }) => void;
  'scan:stream-error': (message: { key: string; stream: string; error: string }) => void;
  /** The scan was deleted or became unreadable. */
  'scan:gone': (message: { key: string; reason: string }) => void;
  status: (status: { state: ConnectionStatus; message?: string }) => void;
}

/** socket.io handshake `auth`. */
export interface HandshakeAuth {
  protocol: number;
}
