/** Redis-side counters: commands served (INFO commandstats) and memory, from the benchmark's own connection. */
import type { Redis } from 'ioredis';

/** Calls per command since the server started (or the last CONFIG RESETSTAT), e.g. { xread: 1234 }. */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const text = await redis.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
  return calls;
}

export async function xreadCalls(redis: Redis): Promise<number> {
  return (await commandCalls(redis)).xread ?? 0;
}

export async function usedMemoryMb(redis: Redis): Promise<number> {
  const match = /^used_memory:(\d+)/m.exec(await redis.info('memory'));
  return match ? Number(match[1]) / 2 ** 20 : Number.NaN;
}
