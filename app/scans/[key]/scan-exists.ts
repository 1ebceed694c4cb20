/**
 * Server side of the scan page: whether the scan exists, asked of the Lantern server hosting these
 * pages (server/http/scan-lookup.ts). Without that server (next dev alone) every key is assumed to
 * exist and the page says "not found" itself.
 */
const SCAN_LOOKUP = Symbol.for('lantern.scanExists');

export async function scanExists(key: string): Promise<boolean> {
  const lookup = (globalThis as Record<symbol, unknown>)[SCAN_LOOKUP];
  return typeof lookup === 'function' ? Boolean(await (lookup as (k: string) => Promise<boolean>)(key)) : true;
}
