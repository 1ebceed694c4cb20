/**
 * Lantern's cookies, all HttpOnly and SameSite=Lax (Lax, not Strict: the identity provider's redirect
 * back to /auth/callback is a cross-site navigation that must carry the login transaction):
 * - `lantern_session`: the logged-in user and groups, a JWT signed with LANTERN_SESSION_SECRET;
 * - `lantern_oidc`: the login in progress (PKCE verifier, state, nonce, page to return to), 10 minutes;
 * - `lantern_links`: share-link tokens opened in this browser, so that the page's own requests and its
 *   socket.io connection carry them without the client code knowing about links.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const SESSION_COOKIE = 'lantern_session';
export const LOGIN_COOKIE = 'lantern_oidc';
export const LINKS_COOKIE = 'lantern_links';
/** Share links kept per browser, the oldest dropped beyond: ten tokens stay under the 4 KB cookie limit. */
const MAX_LINKS = 10;

export function readCookies(header: string | undefined): Record<string, string | undefined> {
  if (!header) return {};
  try {
    return parseCookie(header);
  } catch {
    return {};
  }
}

export function appendSetCookie(res: ServerResponse, name: string, value: string, options: { maxAgeSeconds: number; secure: boolean }): void {
  const line = stringifySetCookie(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: options.secure, maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)) });
  const previous = res.getHeader('set-cookie');
  const lines = Array.isArray(previous) ? previous : previous === undefined ? [] : [String(previous)];
  res.setHeader('set-cookie', [...lines.filter((l) => !l.startsWith(`${name}=`)), line]);
}

export function clearCookie(res: ServerResponse, name: string, secure: boolean): void {
  appendSetCookie(res, name, '', { maxAgeSeconds: 0, secure });
}

/** Link tokens stored in the browser (space-separated). */
export function linkTokensOf(req: IncomingMessage): string[] {
  const value = readCookies(req.headers.cookie)[LINKS_COOKIE];
  return value ? value.split(' ').filter(Boolean).slice(-MAX_LINKS) : [];
}

export function storeLinkTokens(res: ServerResponse, tokens: { token: string; expiresAt: number }[], secure: boolean): void {
  const kept = tokens.filter((t) => t.expiresAt > Date.now()).slice(-MAX_LINKS);
  if (!kept.length) {
    clearCookie(res, LINKS_COOKIE, secure);
    return;
  }
  const until = Math.max(...kept.map((t) => t.expiresAt));
  appendSetCookie(res, LINKS_COOKIE, kept.map((t) => t.token).join(' '), { maxAgeSeconds: (until - Date.now()) / 1000, secure });
}

/** Signed JSON values (sessions, login transactions) with one secret and a purpose each. */
export class CookieSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(purpose: string, claims: JWTPayload, maxAgeSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setAudience(`lantern:${purpose}`).setIssuedAt(now).setExpirationTime(now + maxAgeSeconds).sign(this.key);
  }

  /** The claims, or null for a missing, expired or forged value. */
  async verify(purpose: string, value: string | undefined): Promise<JWTPayload | null> {
    if (!value) return null;
    try {
      return (await jwtVerify(value, this.key, { audience: `lantern:${purpose}`, algorithms: ['HS256'] })).payload;
    } catch {
      return null;
    }
  }
}
