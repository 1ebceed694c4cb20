/**
 * Starting against whatever database is there. The first probe is awaited (a ready database is
 * listed before Lantern answers, as before); otherwise Lantern serves at once, tells why it waits, and
 * starts listing scans once blissdata has initialised the database. The database stays watched: a
 * stall, a FLUSHALL or a lost connection is told to viewers and on /api/health, and their end too.
 */
import type { Redis } from 'ioredis';
import { checkJsonModule } from '../../lib/blissdata/data-store';
import { MissingModuleError } from '../../lib/blissdata/errors';
import type { RedisStatus } from '../live/redis-status';
import type { Logger } from '../logger';
import { describe, probeDatabase, watchDatabase, type DatabaseState } from './database-watch';

const PROBE_INTERVAL_MS = 1000;

export interface Database {
  readonly state: DatabaseState;
  stop(): void;
}

export async function startWhenReady(deps: { redis: Redis; status: RedisStatus; logger: Logger; timeoutMs: number; start(): Promise<void> }): Promise<Database> {
  const { redis, status, logger } = deps;
  let started = false;
  let moduleChecked = false;
  let state: DatabaseState = await probeDatabase(redis, deps.timeoutMs);
  /** Runs once the database is ready: the module check (fatal at start-up only), then the scan list. */
  const begin = async (fatal: boolean) => {
    if (!moduleChecked) {
      try {
        await checkJsonModule(redis);
        moduleChecked = true;
      } catch (error) {
        if (fatal && error instanceof MissingModuleError) throw error;
        status.set('database', (error as Error).message);
        return;
      }
    }
    if (started) return;
    started = true;
    await deps.start().catch((error: unknown) => {
      started = false;
      logger.warn({ err: (error as Error).message }, 'scan list could not be loaded; retrying');
    });
  };
  const apply = async (next: DatabaseState, fatal = false) => {
    state = next;
    status.set('probe', next.kind === 'unreachable' ? next.problem : null);
    status.set('database', next.kind === 'waiting' ? next.problem : null);
    if (next.kind === 'ready') await begin(fatal);
  };
  if (state.kind !== 'ready') logger.warn({ problem: describe(state) }, 'Lantern starts without a usable blissdata database');
  await apply(state, true);
  let busy = false;
  const watch = watchDatabase(redis, {
    intervalMs: PROBE_INTERVAL_MS,
    timeoutMs: deps.timeoutMs,
    onState: (next) => {
      if (busy) return;
      busy = true;
      void apply(next).finally(() => (busy = false));
    },
  });
  return {
    get state() {
      return state;
    },
    stop: () => watch.stop(),
  };
}
