/**
 * Initialisation of an empty blissdata database, as blissdata's DataStore(init_db=True): the seal function
 * library, the RediSearch index when the module is there, then the protocol version key (last, so readers
 * never see a half-initialised database as ready).
 */
import type { Redis } from 'ioredis';
import { checkJsonModule, checkProtocolVersion } from '../data-store';
import { KeySpace, PROTOCOL_VERSION, PROTOCOL_VERSION_KEY } from '../keys';
import { loadSealFunction } from './seal-function';

async function hasCommand(redis: Redis, name: string): Promise<boolean> {
  const info = (await redis.call('COMMAND', 'INFO', name)) as unknown[];
  return Array.isArray(info) && info[0] != null;
}

/** The search index redis-om builds for the scan model (identity fields; strings as TAG, number NUMERIC). */
async function createSearchIndex(redis: Redis, keys: KeySpace): Promise<void> {
  const existing = (await redis.call('FT._LIST')) as string[];
  if (existing.includes(keys.searchIndex)) return;
  const tag = (field: string) => [`$.id.${field}`, 'AS', `id_${field}`, 'TAG', 'SEPARATOR', '|'];
  await redis.call(
    'FT.CREATE', keys.searchIndex, 'ON', 'JSON', 'PREFIX', '1', keys.scanPrefix, 'SCHEMA',
    '$.pk', 'AS', 'pk', 'TAG', 'SEPARATOR', '|',
    ...tag('name'),
    '$.id.number', 'AS', 'id_number', 'NUMERIC',
    ...tag('data_policy'), ...tag('session'), ...tag('proposal'), ...tag('collection'), ...tag('dataset'), ...tag('path'),
  );
  await redis.call('FT.CONFIG', 'SET', 'MAXPREFIXEXPANSIONS', '2000');
}

export interface InitResult {
  /** False when the database was already initialised (nothing written but the function library). */
  initialised: boolean;
  searchIndex: boolean;
}

export async function initDatabase(redis: Redis, options: { prefix?: string } = {}): Promise<InitResult> {
  await checkJsonModule(redis);
  const keys = new KeySpace(options.prefix);
  if ((await redis.get(PROTOCOL_VERSION_KEY)) !== null) {
    await checkProtocolVersion(redis);
    // Writers reload the library every time, so a restarted Redis without persisted functions works.
    await loadSealFunction(redis);
    return { initialised: false, searchIndex: await hasCommand(redis, 'FT.CREATE') };
  }
  const search = await hasCommand(redis, 'FT.CREATE');
  if (search) await createSearchIndex(redis, keys);
  await loadSealFunction(redis);
  await redis.set(PROTOCOL_VERSION_KEY, String(PROTOCOL_VERSION));
  return { initialised: true, searchIndex: search };
}
