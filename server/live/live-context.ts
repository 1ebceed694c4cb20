/**
 * What followed scans and subscriptions need from the live service (kept narrow for clarity). It imports
 * neither of them: followed-scan.ts and subscription.ts each name what they need of the other.
 */
import type { Server, Socket } from 'socket.io';
import type { MultiplexedReader } from '../../lib/blissdata/multiplexed-reader';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/wire/contract';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { StreamTail } from './stream-tail';

export type LanternServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type LanternSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What the live service's parts know of a followed scan: its id in frames and its Redis key. */
export interface ScanRef {
  readonly id: number;
  readonly key: string;
}

export interface ExpiredMessage {
  key: string;
  stream: string;
  from: number;
  to: number;
}

/** What subscriptions and followed scans may ask of the live service. */
export interface LiveServices {
  io: LanternServer;
  reader: MultiplexedReader;
  logger: Logger;
  metrics: Metrics;
  clientBudgetBytes: number;
  /** Requests (level of detail...) this client is waiting for: its catch-up queues nothing meanwhile. */
  repliesPending(socket: { id: string }): number;
  /**
   * Points [from, to) are gone from Redis: read them from the stream's HDF5 file when it has one inside
   * DATA_ROOTS (frames flagged as from-file), otherwise report them expired.
   */
  expired(scan: ScanRef, tail: StreamTail, from: number, to: number, sendExpired: (m: ExpiredMessage) => void, sendFrame: (frame: Uint8Array) => void): Promise<void>;
}

/**
 * A followed scan's view of the live service: the services, and a flush of the scan at the next tick.
 * Generic so that this module needs no import of followed-scan.ts (which imports it).
 */
export interface LiveContext<Scan> extends LiveServices {
  schedule(scan: Scan): void;
}
