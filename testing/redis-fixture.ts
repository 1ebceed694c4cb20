/**
 * Vitest fixture: a private redis-server (with the RedisJSON stand-in) per test file, initialised as a
 * blissdata database, plus ioredis clients that are closed afterwards.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { DataStore } from '../lib/blissdata/data-store';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { startRedis, type RedisInstance, type RedisLaunchOptions } from './redis-launcher';

export interface RedisFixture {
  server: RedisInstance;
  /** A new client (closed after the file's tests); RESP3 unless `protocol: 2`. */
  client(options?: RedisOptions): Redis;
  /** A DataStore on a fresh client. */
  store(options?: RedisOptions & { prefix?: string }): Promise<DataStore>;
}

export function withRedis(options: RedisLaunchOptions & { init?: boolean } = {}): RedisFixture {
  let server: RedisInstance | undefined;
  const clients: Redis[] = [];
  const fixture: RedisFixture = {
    get server() {
      if (!server) throw new Error('redis fixture used outside a test');
      return server;
    },
    client(clientOptions = {}) {
      const client = new Redis(fixture.server.url, { lazyConnect: false, maxRetriesPerRequest: 3, ...clientOptions });
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    async store(storeOptions = {}) {
      const { prefix, ...redisOptions } = storeOptions;
      return DataStore.connect(fixture.client(redisOptions), { prefix });
    },
  };
  beforeAll(async () => {
    server = await startRedis(options);
    if (options.init !== false) {
      const admin = new Redis(server.url);
      await initDatabase(admin);
      await admin.quit();
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await server?.stop();
  });
  return fixture;
}
