/**
 * A connection to a blissdata Redis database: checks the protocol version and the RedisJSON module, and
 * offers the few document-level reads everything else builds on.
 */
import type { Redis } from 'ioredis';
import { MissingModuleError, ProtocolVersionError, ScanDocumentError } from './errors';
import { DELETION_TTL_S, KeySpace, PROTOCOL_VERSION, PROTOCOL_VERSION_KEY } from './keys';

export interface DataStoreOptions {
  /** Identity prefix of scan and stream keys (`esrf` by default). */
  prefix?: string;
  /**
   * Largest scan document read, in bytes (Redis's memory of it, then its text). Blissdata caps scan_info
   * at 1 MiB; a document far beyond is not honest metadata, and parsing it would stall the reader.
   */
  maxDocumentBytes?: number;
  /** Most data streams of one scan that are read; the others are listed, each with an error saying so. */
  maxStreamsPerScan?: number;
  /** How the reader's operator raises each limit, named in its errors (e.g. an environment variable). */
  limitNames?: { document?: string; streams?: string };
}

/** One pipelined reply: [error, value], as ioredis gives them. */
export type PipelineReply = [Error | null, unknown];

/**
 * JSON.GET behind a size check, in one round trip and without the document leaving Redis when it is too
 * large. `pcall` hands JSON.GET's own errors (wrong type...) back unchanged.
 */
const GUARDED_GET = `#!lua flags=no-writes
local ok, size = pcall(redis.call, 'MEMORY', 'USAGE', KEYS[1])
if ok and size and size > tonumber(ARGV[1]) then return redis.error_reply('LANTERN_DOCUMENT_TOO_LARGE ' .. size) end
return redis.pcall('JSON.GET', KEYS[1])`;
const TOO_LARGE = /^LANTERN_DOCUMENT_TOO_LARGE (\d+)/;
/** Scripts refused (ACL, disabled): documents are then read plainly and their text measured. */
const SCRIPTS_REFUSED = /NOPERM|unknown command|scripts? (are )?(disabled|not allowed)|no-writes/i;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

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
  readonly maxDocumentBytes: number;
  readonly maxStreamsPerScan: number;
  readonly limitNames: { document?: string; streams?: string };
  private guardedReads: Promise<boolean> | null = null;

  constructor(
    readonly redis: Redis,
    options: DataStoreOptions = {},
  ) {
    this.keys = new KeySpace(options.prefix);
    this.maxDocumentBytes = options.maxDocumentBytes ?? Number.POSITIVE_INFINITY;
    this.maxStreamsPerScan = options.maxStreamsPerScan ?? Number.POSITIVE_INFINITY;
    this.limitNames = options.limitNames ?? {};
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

  /** The raw JSON text of a document, or null when the key does not exist; ScanDocumentError when too large. */
  async getDocumentText(scanKey: string): Promise<string | null> {
    const [, command, ...args] = (await this.documentReader())(scanKey);
    const reply = await this.redis.call(command, ...args).then(
      (value): PipelineReply => [null, value],
      (error: Error): PipelineReply => [error, null],
    );
    return this.documentText(scanKey, reply);
  }

  /**
   * The command reading a scan document within the size limit, as an ioredis pipeline entry
   * (`['call', command, ...args]`); its reply goes through `documentText`. Whether Redis runs the guard
   * script is found out once.
   */
  async documentReader(): Promise<(scanKey: string) => ['call', string, ...(string | number)[]]> {
    const guarded = Number.isFinite(this.maxDocumentBytes) && (await (this.guardedReads ??= this.probeScripts()));
    return guarded ? (key) => ['call', 'eval', GUARDED_GET, 1, key, this.maxDocumentBytes] : (key) => ['call', 'JSON.GET', key];
  }

  /** A document read's text, null for a missing key; throws the read's error or ScanDocumentError when too large. */
  documentText(scanKey: string, [error, value]: PipelineReply): string | null {
    if (error) {
      const large = TOO_LARGE.exec(error.message);
      if (large) throw this.tooLarge(scanKey, Number(large[1]), 'in Redis memory');
      throw error;
    }
    if (value === null || value === undefined) return null;
    const text = String(value);
    if (text.length > this.maxDocumentBytes) throw this.tooLarge(scanKey, text.length, 'of JSON');
    return text;
  }

  private tooLarge(scanKey: string, bytes: number, what: string): ScanDocumentError {
    return new ScanDocumentError(scanKey, `${mib(bytes)} ${what}, more than the ${mib(this.maxDocumentBytes)} read${this.limitNames.document ? ` (${this.limitNames.document})` : ''}; blissdata itself caps scan_info at 1 MiB`);
  }

  private async probeScripts(): Promise<boolean> {
    try {
      await this.redis.call('eval', GUARDED_GET, 1, `${PROTOCOL_VERSION_KEY}:json-probe`, this.maxDocumentBytes);
      return true;
    } catch (error) {
      if (error instanceof Error && SCRIPTS_REFUSED.test(error.message)) return false;
      // Redis away or busy: decide on a later read.
      this.guardedReads = null;
      throw error;
    }
  }
}
