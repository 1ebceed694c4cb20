/**
 * Watches the blissdata database behind Lantern once a second with one GET of `_PROTOCOL_VERSION_`
 * (bounded by a timeout): a Redis that stalls (SIGSTOP, a long fork) without dropping its connection,
 * a database not yet initialised by blissdata or emptied (FLUSHALL), and the recovery from each. Lantern
 * starts and serves in every case; what it cannot do yet is told on /api/health and in the pages.
 */
import type { Redis } from 'ioredis';
import { PROTOCOL_VERSION, PROTOCOL_VERSION_KEY } from '../../lib/blissdata/keys';

export const WAITING_FOR_INIT = 'waiting for blissdata to initialise this Redis';

export type DatabaseState =
  | { kind: 'ready' }
  /** Redis answers but is no blissdata database (yet): never initialised, emptied, another version. */
  | { kind: 'waiting'; problem: string }
  | { kind: 'unreachable'; problem: string };

export function describe(state: DatabaseState): string | null {
  return state.kind === 'ready' ? null : state.problem;
}

/** One probe: the database's state, within `timeoutMs`. */
export async function probeDatabase(redis: Redis, timeoutMs: number): Promise<DatabaseState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis does not answer (no reply within ${timeoutMs} ms)`)), timeoutMs);
    });
    if (redis.status !== 'ready') {
      // Connecting (at start-up) or reconnecting: give it the probe's time before calling it lost.
      let onReady: (() => void) | undefined;
      const ready = new Promise<void>((resolve) => redis.once('ready', (onReady = resolve)));
      await Promise.race([ready, timeout]).catch(() => undefined);
      redis.off('ready', onReady!);
      if ((redis.status as string) !== 'ready') throw new Error(`no connection to Redis (${redis.status}); retrying`);
    }
    const version = await Promise.race([redis.get(PROTOCOL_VERSION_KEY), timeout]);
    if (version === null) return { kind: 'waiting', problem: `${WAITING_FOR_INIT} (${PROTOCOL_VERSION_KEY} is missing)` };
    if (version !== String(PROTOCOL_VERSION)) {
      return { kind: 'waiting', problem: `this Redis holds blissdata protocol version ${JSON.stringify(version)}; Lantern reads version ${PROTOCOL_VERSION}` };
    }
    return { kind: 'ready' };
  } catch (error) {
    return { kind: 'unreachable', problem: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Probes every `intervalMs` and reports each result; stop() ends it. */
export function watchDatabase(redis: Redis, options: { intervalMs: number; timeoutMs: number; onState(state: DatabaseState): void }): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    const state = await probeDatabase(redis, options.timeoutMs);
    if (stopped) return;
    options.onState(state);
    timer = setTimeout(() => void round(), options.intervalMs);
  };
  timer = setTimeout(() => void round(), options.intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
