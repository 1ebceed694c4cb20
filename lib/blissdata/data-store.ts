/**
 * A connection to a blissdata Redis database: checks the protocol version and the RedisJSON module, and
 * offers the few document-level reads everything else builds on.
 */
import type { Redis } from 'ioredis';
import { MissingModuleError, ProtocolVersionError } from './errors';
import { DELETION_TTL_S, KeySpace, PROTOCOL_VERSION, PROTOCOL_VERSION_KEY } from './keys';

export interface DataStoreOptions {
  /** Identity prefix of scan and stream keys (`esrf` by default). */
  prefix?: string;
}

function isUnknownCommand(error: unknown): boolean {
  return error instanceof Error && /unknown command/i.test(error.message);
}

/** Throws a clear error when RedisJSON is missing: blissdata documents cannot be read without it. */
export async function checkJsonModule(redis: Redis): Promise<void> {
  try {
    // JSON.GET on a missing key answers nil when RedisJSON is loaded; only read permission is needed.
    await redis.call('JSON.GET', `${PROTOCOL_VERSION_KEY}:json-probe`);
  } catch (error) {
    if (isUnknownCommand(error)) {
      throw new MissingModuleError(
        'this Redis server has no RedisJSON module (JSON.GET is an unknown command): blissdata needs redis-stack (RedisJSON + RediSearch)',
        { cause: error },
      );
    }
    throw error;
  }
}

export async function checkProtocolVersion(redis: Redis): Promise<void> {
  const version = await redis.get(PROTOCOL_VERSION_KEY);
  if (version === null) {
    throw new ProtocolVersionError(`${PROTOCOL_VERSION_KEY} is missing: this Redis database was never initialised by blissdata`);
  }
  if (version !== String(PROTOCOL_VERSION)) {
    throw new ProtocolVersionError(
      `unsupported blissdata protocol version ${JSON.stringify(version)} (${PROTOCOL_VERSION_KEY}); Lantern reads version ${PROTOCOL_VERSION}`,
    );
  }
}

/** The TTL rule of blissdata's delete_scan: -2 (gone) or 0..10 s means deleted; -1 (none) or > 10 means alive. */
export function isDeletedTtl(ttl: number): boolean {
  return ttl === -2 || (ttl >= 0 && ttl <= DELETION_TTL_S);
}

export class DataStore {
  readonly keys: KeySpace;

  constructor(
    readonly redis: Redis,
    options: DataStoreOptions = {},
  ) {
    this.keys = new KeySpace(options.prefix);
  }

  /** Checks the protocol version and the JSON module, then returns a store on that connection. */
  static async connect(redis: Redis, options: DataStoreOptions = {}): Promise<DataStore> {
    await checkJsonModule(redis);
    await checkProtocolVersion(redis);
    return new DataStore(redis, options);
  }

  async isDeleted(scanKey: string): Promise<boolean> {
    return isDeletedTtl(await this.redis.ttl(scanKey));
  }

  /** The raw JSON text of a document, or null when the key does not exist. */
  async getDocumentText(scanKey: string): Promise<string | null> {
    const reply = (await this.redis.call('JSON.GET', scanKey)) as string | Buffer | null;
    return reply === null ? null : reply.toString();
  }
}
