/**
 * When Lantern reads a Redis replica, the replica's own link to the beamline's Redis is part of "is the
 * data live": with `replica-serve-stale-data no` reads fail while it is down, but an idle Lantern (no
 * scan followed, only the list) would not notice. This polls INFO replication and tells browsers when
 * the link goes down and comes back. On a primary it checks once and stops.
 */
import type { Redis } from 'ioredis';
import type { LanternServer } from '../live/live-context';
import type { Logger } from '../logger';

const POLL_MS = 1000;

function field(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

export function watchReplicaLink(deps: { redis: Redis; io: LanternServer; logger: Logger }): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let linkUp: boolean | null = null;
  let stopped = false;
  const poll = async (): Promise<void> => {
    let info: string;
    try {
      info = await deps.redis.info('replication');
    } catch (error) {
      // Refused (an ACL without +info): nothing to watch. Otherwise Redis itself is away, which the
      // connections report.
      if ((error as Error).name === 'ReplyError') {
        deps.logger.info({ err: (error as Error).message }, 'INFO replication refused: a replica link is not watched');
        stopped = true;
      }
      return;
    }
    if (field(info, 'role') !== 'slave') {
      if (linkUp !== null) deps.io.emit('status', { state: 'live' });
      stopped = true; // a primary (or promoted): nothing to watch
      return;
    }
    const up = field(info, 'master_link_status') === 'up';
    if (up === linkUp) return;
    if (linkUp === null) deps.logger.info({ primary: `${field(info, 'master_host')}:${field(info, 'master_port')}`, link: up ? 'up' : 'down' }, 'reading a Redis replica');
    else if (!up) deps.logger.warn({ primary: `${field(info, 'master_host')}:${field(info, 'master_port')}` }, 'the Redis replica lost its link to the primary');
    else deps.logger.info('the Redis replica is linked to the primary again');
    if (linkUp !== null || !up) {
      deps.io.emit('status', up ? { state: 'live' } : { state: 'redis-down', message: 'the Redis replica Lantern reads has lost its link to the beamline Redis' });
    }
    linkUp = up;
  };
  const loop = () => {
    timer = setTimeout(() => {
      void poll().finally(() => {
        if (!stopped) loop();
      });
    }, POLL_MS);
  };
  void poll().finally(() => {
    if (!stopped) loop();
  });
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
