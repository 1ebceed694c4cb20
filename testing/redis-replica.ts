/**
 * A Redis replica of a test Redis (`replicaof`, the JSON module loaded like its primary), started and
 * waited for until its initial synchronisation is done: what a facility places in the web zone.
 */
import { Redis } from 'ioredis';
import { startRedis, type RedisInstance, type RedisLaunchOptions } from './redis-launcher';

/** Fields of INFO replication on the replica (master_link_status, slave_repl_offset...). */
export async function replicationInfo(url: string): Promise<Record<string, string>> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const text = await client.info('replication');
    return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
  } finally {
    client.disconnect();
  }
}

export async function startReplica(primary: { host: string; port: number }, options: RedisLaunchOptions = {}, timeoutMs = 15_000): Promise<RedisInstance> {
  const replica = await startRedis({ ...options, extraArgs: ['--replicaof', primary.host, String(primary.port), '--replica-read-only', 'yes', '--replica-serve-stale-data', 'no', ...(options.extraArgs ?? [])] });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await replicationInfo(replica.url);
    if (info.role === 'slave' && info.master_link_status === 'up' && info.master_sync_in_progress === '0') return replica;
    if (Date.now() > deadline) {
      await replica.stop();
      throw new Error(`replica on port ${replica.port} did not synchronise with ${primary.host}:${primary.port} within ${timeoutMs} ms: ${JSON.stringify(info)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
