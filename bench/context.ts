/** What every scenario gets: Redis, the publisher process, the run's size (quick or full) and a logger. */
import { Redis } from 'ioredis';
import { Scan } from '../lib/blissdata/scan';
import { DataStore } from '../lib/blissdata/data-store';
import type { RedisInstance } from '../testing/redis-launcher';
import { LanternServer } from './lantern-server';
import type { Publisher } from './publisher';

export interface BenchOptions {
  quick: boolean;
  /** Rebuild the web UI (next build) before the browser scenario even when a build exists. */
  rebuild: boolean;
  /** Write a V8 CPU profile of each Lantern server process into this directory. */
  cpuProfileDir?: string;
}

export interface BenchContext extends BenchOptions {
  redis: RedisInstance;
  /** The benchmark's own Redis connection (stats, raw baseline). */
  admin: Redis;
  store: DataStore;
  publisher: Publisher;
  log(line: string): void;
  /** Starts a Lantern server process (bench/server-entry.ts) on this Redis. */
  startServer(env?: Record<string, string>, runtime?: 'tsx' | 'bundled'): Promise<LanternServer>;
  /** Redis keys of a scan's data streams, by stream name. */
  streamKeys(scanKey: string): Promise<Map<string, string>>;
}

export function makeContext(options: BenchOptions, redis: RedisInstance, admin: Redis, store: DataStore, publisher: Publisher, log: (line: string) => void): BenchContext {
  return {
    ...options,
    redis,
    admin,
    store,
    publisher,
    log,
    startServer: (env, runtime) => LanternServer.start({ redisUrl: redis.url, env, cpuProfileDir: options.cpuProfileDir, runtime }),
    async streamKeys(scanKey) {
      const scan = await Scan.load(store, scanKey);
      return new Map([...scan.streams.values()].map((s) => [s.name, s.key]));
    },
  };
}

/** A scenario's result: JSON fields (null when not measured) and notes for the table. */
export interface ScenarioResult {
  fields: Record<string, number | boolean | null>;
  /** Extra lines for the report (what limited it, raw repeats...). */
  notes?: string[];
}
