/** What followed scans and subscriptions need from the live service (kept narrow for clarity). */
import type { Server } from 'socket.io';
import type { MultiplexedReader } from '../../lib/blissdata/multiplexed-reader';
import type { ClientToServerEvents, ServerToClientEvents } from '../../lib/wire/contract';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { FollowedScan } from './followed-scan';
import type { StreamTail } from './stream-tail';

export type LanternServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface ExpiredMessage {
  key: string;
  stream: string;
  from: number;
  to: number;
}

export interface LiveContext {
  io: LanternServer;
  reader: MultiplexedReader;
  logger: Logger;
  metrics: Metrics;
  clientBudgetBytes: number;
  /** Requests (level of detail...) this client is waiting for: its catch-up queues nothing meanwhile. */
  repliesPending(socket: { id: string }): number;
  /** Asks for a flush of this scan at the next tick. */
  schedule(scan: FollowedScan): void;
  /**
   * Points [from, to) are gone from Redis: read them from the stream's HDF5 file when it has one inside
   * DATA_ROOTS (frames flagged as from-file), otherwise report them expired.
   */
  expired(scan: FollowedScan, tail: StreamTail, from: number, to: number, sendExpired: (m: ExpiredMessage) => void, sendFrame: (frame: Uint8Array) => void): Promise<void>;
}
