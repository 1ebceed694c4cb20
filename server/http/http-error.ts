/**
 * The one place the REST routes (server/http, server/catalogue, server/auth) write JSON answers and
 * refuse requests: an HttpError names its typed `type` (lib/wire/http-errors.ts), its status follows.
 */
import type { ServerResponse } from 'node:http';
import { HTTP_ERROR_STATUS, type HttpErrorType } from '../../lib/wire/http-errors';

/** A refused request, answered with the status of its type and `{ error: message, type }`. */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly type: HttpErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.status = HTTP_ERROR_STATUS[type];
  }
}

/** A query or path integer; safe integers only (beyond 2^53 indices are not exact, Redis ids stop at 2^64). */
export function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new HttpError('BadRequest', `${name} must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** A JSON answer, never cached; 64-bit integers (bigint) as numbers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** The answer to a refused request. */
export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  sendJson(res, error.status, { error: error.message, type: error.type }, headers);
}
