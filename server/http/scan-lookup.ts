/**
 * Lets the Next pages (same process) ask whether a scan exists, so `/scans/<unknown key>` answers a
 * real 404 page instead of 200 with "not found" drawn by the client. Published on globalThis under a
 * registered symbol: the pages are bundled apart from the server and share no module instance.
 */
import type { DataStore } from '../../lib/blissdata/data-store';

export const SCAN_LOOKUP = Symbol.for('lantern.scanExists');

export function installScanLookup(store: DataStore, knownElsewhere: (key: string) => boolean = () => false): void {
  (globalThis as Record<symbol, unknown>)[SCAN_LOOKUP] = async (key: string): Promise<boolean> => {
    if (knownElsewhere(key)) return true;
    try {
      if (await store.isDeleted(key)) return false;
      return (await store.getDocumentText(key)) !== null;
    } catch (error) {
      // Another type under that key is no scan; Redis unreachable is not "unknown": let the page say so.
      return !(error instanceof Error && /WRONGTYPE|wrong Redis type/i.test(error.message));
    }
  };
}
