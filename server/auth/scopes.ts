/**
 * The proposal and session of a scan, for the policy: from the scan index when the scan is listed,
 * otherwise from its document in Redis (cached: a scan's identity never changes once written).
 */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { ScanIndex } from '../live/scan-index';
import type { ScanScope } from './policy';

const CACHE_SIZE = 10_000;

export class ScanScopes {
  private readonly cache = new Map<string, ScanScope>();

  constructor(
    private readonly store: DataStore,
    private readonly index: ScanIndex,
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
    if (text === null) return null;
    let id: { proposal?: unknown; session?: unknown } | undefined;
    try {
      id = (JSON.parse(text) as { id?: typeof id }).id;
    } catch {
      return null;
    }
    if (!id || typeof id !== 'object') return null;
    const scope: ScanScope = { key, proposal: typeof id.proposal === 'string' ? id.proposal : null, session: typeof id.session === 'string' ? id.session : null };
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, scope);
    return scope;
  }

  remember(scope: ScanScope): void {
    this.cache.set(scope.key, scope);
  }
}
