/** The REST form of a level of detail: its query parameters and its binary answer, for scans in Redis and in files alike. */
import type { ServerResponse } from 'node:http';
import type { LodReply } from '../../lib/wire/contract';
import { HttpError, intParam } from './http-error';

export function lodParams(query: Record<string, string | undefined>): { from: number; to: number; buckets: number } {
  const from = intParam(query.from, 'from', 0);
  const to = intParam(query.to, 'to', Number.MAX_SAFE_INTEGER);
  const buckets = intParam(query.buckets, 'buckets', 1000);
  if (from < 0 || to < from) throw new HttpError('BadRequest', `need 0 <= from <= to, got from=${from} to=${to}`);
  if (buckets < 1 || buckets > 100_000) throw new HttpError('BadRequest', `buckets must be between 1 and 100000, got ${buckets}`);
  return { from, to, buckets };
}

/** (min, max) float64 pairs, with the range reduced and what had expired in headers. */
export function sendLod(res: ServerResponse, reply: LodReply, headers: Record<string, string> = {}): void {
  const data = reply.data instanceof Uint8Array ? reply.data : new Uint8Array(reply.data);
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'x-from': String(reply.from),
    'x-to': String(reply.to),
    ...(reply.expired ? { 'x-expired': reply.expired.join('-') } : {}),
    'access-control-expose-headers': 'x-from, x-to, x-expired',
    ...headers,
  });
  res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
