/** Small HTTP helpers of the access-control routes (JSON answers and refusals: server/http/http-error.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from '../http/http-error';

const MAX_BODY = 16 * 1024;

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Sends the browser on to another site after a form POST. A 303 would do it, but the pages' CSP
 * (`form-action 'self'`) also covers where a form's answer redirects, so the step to the other site is
 * a page of its own: a meta refresh, and a link for browsers that do not follow it.
 */
export function leaveForOtherSite(res: ServerResponse, location: string, what: string): void {
  const escape = (t: string) => t.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  const href = escape(location);
  const text = escape(what);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>${text}</title></head><body><p>${text}: <a href="${href}">continue</a>.</p></body></html>`);
}

/** A local path to return to after login: never another site (`//host`, `/\host`, `https:`). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

/** Origin of the URLs Lantern hands out: LANTERN_PUBLIC_URL, else the request's (forwarded only by a trusted proxy). */
export function publicBase(req: IncomingMessage, configured: URL | null, fromTrustedProxy: boolean): string {
  if (configured) return configured.href.replace(/\/$/, '');
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const proto = (fromTrustedProxy && first(req.headers['x-forwarded-proto'])) || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const host = (fromTrustedProxy && first(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // JSON only: an HTML form on another site cannot send it without a CORS preflight.
  if (!/^application\/json\b/i.test(type)) throw new HttpError('UnsupportedMediaType', `send the request as application/json, got ${JSON.stringify(type)}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError('BodyTooLarge', `request body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError('BadRequest', `request body is not JSON: ${(error as Error).message}`);
  }
}
