/**
 * The REST side of one scan's data: level-of-detail buckets and image frame URLs. Over their own HTTP
 * connections, so a reply never queues behind the bulk data on the websocket.
 */
import { lodPath, type LodReply } from '@/lib/wire/contract';
import { responseError } from '@/lib/client/errors';

/** `client` (the socket id) lets the server hold that client's catch-up back while it answers. */
export async function requestLod(key: string, stream: string, from: number, to: number, buckets: number, client?: string): Promise<LodReply> {
  const query = new URLSearchParams({ from: String(from), to: String(to), buckets: String(buckets) });
  if (client) query.set('client', client);
  const response = await fetch(`${lodPath(key, stream)}?${query}`);
  if (!response.ok) throw await responseError(response, `level of detail of ${stream}`);
  const expired = response.headers.get('x-expired')?.split('-').map(Number);
  return {
    from: Number(response.headers.get('x-from')),
    to: Number(response.headers.get('x-to')),
    data: await response.arrayBuffer(),
    expired: expired?.length === 2 ? [expired[0]!, expired[1]!] : null,
  };
}

export function frameUrl(key: string, stream: string, frame: number, opts: { format?: 'raw' | 'png'; bin?: number } = {}): string {
  const query = new URLSearchParams({ format: opts.format ?? 'raw' });
  if (opts.bin !== undefined && opts.bin > 1) query.set('bin', String(opts.bin));
  return `/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(stream)}/frames/${frame}?${query}`;
}
