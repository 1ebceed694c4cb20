/**
 * The proposal and session of a scan, for the policy: from the scan index when the scan is listed,
 * otherwise from its document in Redis, otherwise (gone from Redis) from the scan catalogue, so that a
 * scan reopened from its file is allowed or refused exactly as it was while in Redis. Cached: a scan's
 * identity never changes once written.
 */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { ScanIndex } from '../live/scan-index';
import { parseFileKey } from '../catalogue/file-scans';
import type { ScanCatalogue } from '../catalogue/types';
import type { ScanScope } from './policy';

const CACHE_SIZE = 10_000;

export class ScanScopes {
  private readonly cache = new Map<string, ScanScope>();

  constructor(
    private readonly store: DataStore,
    private readonly index: ScanIndex,
    private readonly catalogue: Pick<ScanCatalogue, 'get' | 'findByFile'> | null = null,
  ) {}

  /** Known synchronously (listed or cached), else undefined. */
  known(key: string): ScanScope | undefined {
    return this.index.scopeOf(key) ?? this.cache.get(key);
  }

  /** The scan's scope, or null when there is no such scan (or its document is unusable). */
  async of(key: string): Promise<ScanScope | null> {
    const known = this.known(key);
    if (known) return known;
    let text: string | null;
    try {
      text = await this.store.getDocumentText(key);
    } catch (error) {
      // A key holding another type (a stream, a string) is not a scan; Redis being away is an error.
      if (error instanceof Error && error.name === 'ReplyError' && /WRONGTYPE|wrong Redis type/i.test(error.message)) return null;
      throw error;
    }
    if (text === null) return this.fromCatalogue(key);
    let id: { proposal?: unknown; session?: unknown } | undefined;
    try {
      id = (JSON.parse(text) as { id?: typeof id }).id;
    } catch {
      return null;
    }
    if (!id || typeof id !== 'object') return null;
    return this.cached({ key, proposal: typeof id.proposal === 'string' ? id.proposal : null, session: typeof id.session === 'string' ? id.session : null });
  }

  /**
   * A scan no longer in Redis, as catalogued. A file key (`file:<path>::<entry>`) names a file, not a
   * catalogued scan: it gets the proposal and session of the scans catalogued with that file and entry
   * when they all agree, else none, which leaves it to staff and to share links made for that very key.
   */
  private fromCatalogue(key: string): ScanScope | null {
    const file = parseFileKey(key);
    if (!file) {
      const record = this.catalogue?.get(key);
      return record ? this.cached({ key, proposal: record.proposal, session: record.session }) : null;
    }
    // Not cached: a file key's scope follows the catalogue, which may learn of its scan later.
    const records = this.catalogue?.findByFile(file.filePath, file.entry) ?? [];
    const agreed = (field: 'proposal' | 'session') => (records.length && records.every((r) => r[field] === records[0]![field]) ? records[0]![field] : null);
    return { key, proposal: agreed('proposal'), session: agreed('session') };
  }

  private cached(scope: ScanScope): ScanScope {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(scope.key, scope);
    return scope;
  }

  remember(scope: ScanScope): void {
    this.cache.set(scope.key, scope);
  }
}
