/**
 * Lantern's Redis connections: one for commands, one dedicated to the shared blocking XREAD, one for
 * the streams that join it while it blocks, one for blocking on new scans. All reconnect forever with
 * capped backoff; commands wait while Redis is away, at most the command timeout.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger';

export interface RedisConnections {
  command: Redis;
  tail: Redis;
  /** Reads streams added while the shared XREAD on `tail` blocks (short blocks of its own). */
  join: Redis;
  history: Redis;
  /** Reconnections since start, for metrics. */
  reconnects(): number;
  close(): Promise<void>;
}

export function openRedisConnections(url: string, logger: Logger, options: { commandTimeoutMs?: number } = {}): RedisConnections {
  let reconnects = 0;
  const make = (name: string): Redis => {
    const client = new Redis(url, {
      connectionName: `lantern-${name}`,
      maxRetriesPerRequest: null,
      // Requests wait on the command connection: bounded, so a stalled Redis gives a 503, not a hang
      // (the timer also runs while a command waits for the reconnection). The blocking connections
      // have their own BLOCK timeouts.
      ...(name === 'command' && options.commandTimeoutMs ? { commandTimeout: options.commandTimeoutMs } : {}),
      enableAutoPipelining: name === 'command',
      retryStrategy: (attempt) => Math.min(5000, 100 * 2 ** Math.min(attempt, 6)),
      lazyConnect: false,
    });
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) logger.warn({ connection: name, err: error.message }, 'redis connection error');
      down = true;
    });
    client.on('reconnecting', () => {
      reconnects++;
    });
    client.on('ready', () => {
      if (down) logger.info({ connection: name }, 'redis connection restored');
      down = false;
    });
    return client;
  };
  const command = make('command');
  const tail = make('tail');
  const join = make('join');
  const history = make('history');
  return {
    command,
    tail,
    join,
    history,
    reconnects: () => reconnects,
    async close() {
      // QUIT when Redis answers within a second; otherwise drop the sockets (and stop reconnecting).
      await Promise.all(
        [command, tail, join, history].map(async (c) => {
          const quit = c.status === 'ready' ? c.quit().then(() => true, () => false) : Promise.resolve(false);
          const done = await Promise.race([quit, new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
          if (!done) c.disconnect();
        }),
      );
    },
  };
}
