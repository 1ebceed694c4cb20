/**
 * The HTTP side of access control, called first for every request (before the REST API and Next):
 * identifies the caller, sends anonymous visitors of a protected Lantern to the login page (401 JSON for
 * the API), refuses scans out of scope (403 JSON; a clear page for a browser), turns a share link opened
 * in a browser into a links cookie, and answers the login flow, /auth/me and POST /api/links.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DataStore } from '../../lib/blissdata/data-store';
import { searchScans } from '../catalogue/search-route';
import { SearchQueryError, type ScanCatalogue, type SearchScope } from '../catalogue/types';
import type { ScanIndex } from '../live/scan-index';
import type { Logger } from '../logger';
import { Audit, who, type Channel } from './audit';
import { LinkError, type Authenticator, type Identified } from './authenticate';
import { clearCookie, LOGIN_COOKIE, SESSION_COOKIE, LINKS_COOKIE, storeLinkTokens } from './cookies';
import type { OidcLogin } from './oidc';
import { ANONYMOUS, canSee, canSeeSession, isAuthenticated, type Identity } from './policy';
import type { ScanScopes } from './scopes';
import { HttpError, sendError, sendJson } from '../http/http-error';
import { leaveForOtherSite, publicBase, redirect, safeNext, readJsonBody } from './http-util';

export interface GateDeps {
  auth: Authenticator;
  store: DataStore;
  /** Searched for scoped users too, restricted to what they may see; null: only the scans in Redis are listed. */
  catalogue: ScanCatalogue | null;
  scopes: ScanScopes;
  index: ScanIndex;
  audit: Audit;
  oidc: OidcLogin | null;
  logger: Logger;
}

/** Paths served to anyone: health, the login flow and its pages, and the static assets pages need. */
function isPublic(path: string): boolean {
  return path === '/api/health' || path === '/login' || path === '/link-error' || path.startsWith('/_next/static/') || path === '/favicon.svg' || path === '/favicon.ico' || path.startsWith('/vendor/');
}

const linkRequest = z.union([
  z.object({ scan: z.string().min(1).max(200), expiresInSeconds: z.number().int().positive().optional() }).strict(),
  z.object({ session: z.string().min(1).max(200), expiresInSeconds: z.number().int().positive().optional() }).strict(),
]);

const SCAN_ROUTE = /^\/api\/scans\/([^/]+)(\/.*)?$/;
const SCAN_PAGE = /^\/scans\/([^/]+)\/?$/;

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function createAuthGate(deps: GateDeps) {
  const { auth, scopes, audit } = deps;
  const config = auth.config;
  const secure = config.secureCookies;

  const refuseLink = (res: ServerResponse, api: boolean, error: LinkError) => {
    if (api) sendJson(res, 401, { error: error.message, type: error.type });
    else redirect(res, `/link-error?reason=${error.type === 'LinkExpired' ? 'expired' : 'invalid'}`);
  };

  const forbidden = (res: ServerResponse, api: boolean, identity: Identity, what: Record<string, unknown>, message: string) => {
    audit.denied(identity, what, message);
    if (api) sendError(res, new HttpError('Forbidden', message));
    else redirect(res, '/link-error?reason=forbidden');
  };

  const createLink = async (req: IncomingMessage, res: ServerResponse, identified: Identified) => {
    if (req.method !== 'POST') return sendError(res, new HttpError('MethodNotAllowed', 'use POST /api/links with {"scan": key} or {"session": name}'));
    let body: z.output<typeof linkRequest>;
    try {
      const parsed = linkRequest.safeParse(await readJsonBody(req));
      if (!parsed.success) throw new HttpError('BadRequest', `expected {"scan": "<scan key>"} or {"session": "<name>"} with an optional "expiresInSeconds": ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
      body = parsed.data;
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, error);
      throw error;
    }
    // Rights of the person, not of links they hold: a link never extends itself.
    const person: Identity = { ...identified.identity, links: [] };
    if (config.access === 'protected' && person.source === 'anonymous') {
      return forbidden(res, true, identified.identity, { action: 'link.create' }, 'only a signed-in user can create share links');
    }
    const expiresIn = body.expiresInSeconds ?? config.linkDefaultSeconds;
    if (expiresIn < 60 || expiresIn > config.linkMaxSeconds) {
      return sendError(res, new HttpError('BadRequest', `expiresInSeconds must be between 60 and ${config.linkMaxSeconds}, got ${expiresIn}`));
    }
    const base = publicBase(req, config.publicUrl, auth.isTrustedProxy(req.socket.remoteAddress));
    let path: string;
    let scope: { scan: string } | { session: string };
    if ('scan' in body) {
      const found = await scopes.of(body.scan);
      if (!found) return sendJson(res, 404, { error: `no scan ${body.scan}`, type: 'ScanNotFoundError' });
      if (!canSee(person, found)) return forbidden(res, true, identified.identity, { action: 'link.create', scan: body.scan }, `you may not see scan ${body.scan}, so you cannot share it`);
      scope = { scan: body.scan };
      path = `/scans/${encodeURIComponent(body.scan)}?`;
    } else {
      if (!canSeeSession(person, body.session)) return forbidden(res, true, identified.identity, { action: 'link.create', session: body.session }, `you may not see every scan of session ${body.session}, so you cannot share it`);
      scope = { session: body.session };
      path = `/?session=${encodeURIComponent(body.session)}&`;
    }
    const link = await auth.links.sign(scope, expiresIn);
    audit.event('link.create', { ...who(person), link: link.id, ...scope, expiresAt: link.expiresAt.toISOString() }, 'share link created');
    sendJson(res, 201, { url: `${base}${path}token=${link.token}`, token: link.token, expiresAt: link.expiresAt.toISOString(), id: link.id });
  };

  const me = (res: ServerResponse, identity: Identity) =>
    sendJson(res, 200, {
      access: config.access,
      user: identity.user,
      via: identity.source,
      groups: identity.groups,
      all: identity.all,
      proposals: [...identity.proposals],
      sessions: [...identity.sessions],
      links: identity.links.map((l) => ({ id: l.id, scan: l.scan ?? null, session: l.session ?? null, expiresAt: new Date(l.expiresAt).toISOString() })),
      login: deps.oidc !== null,
      canCreateLinks: config.access === 'open' || (identity.source !== 'anonymous' && identity.source !== 'link'),
    });

  const logout = async (req: IncomingMessage, res: ServerResponse) => {
    const identified = await auth.identify({ remoteAddress: req.socket.remoteAddress, headers: req.headers, token: null }).catch(() => null);
    for (const name of [SESSION_COOKIE, LOGIN_COOKIE, LINKS_COOKIE]) clearCookie(res, name, secure);
    if (identified) audit.event('logout', who(identified.identity), 'signed out');
    const end = identified?.identity.source === 'oidc' && deps.oidc ? await deps.oidc.endSessionUrl(req).catch(() => null) : null;
    if (end) leaveForOtherSite(res, end, 'Signing you out of the single sign-on');
    else redirect(res, '/login?signedOut=1');
  };

  /** Handles the request when it is refused or answered here; false lets the API and Next serve it. */
  return async function gate(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // The path exactly as the routers see it (no normalisation), so that the scan checked here is the
    // scan served; dot segments, which some layers would resolve and others not, are refused.
    const raw = req.url ?? '/';
    const path = raw.split('?')[0]!;
    const url = new URL(`http://lantern${raw.startsWith('/') ? raw : `/${raw}`}`);
    if (path.split('/').some((segment) => ['.', '..'].includes(decode(segment) ?? '') || segment.includes('\\'))) {
      sendError(res, new HttpError('BadRequest', `path ${JSON.stringify(path)} holds dot segments or backslashes`));
      return true;
    }
    if (path === '/auth/logout') {
      // POST only: a GET could be fired by any page (an image, a prefetch) to sign the user out.
      if (req.method === 'POST') await logout(req, res);
      else {
        res.setHeader('Allow', 'POST');
        sendError(res, new HttpError('MethodNotAllowed', 'sign out with the "Sign out" button: /auth/logout takes POST only'));
      }
      return true;
    }
    if (path === '/auth/login' || path === '/auth/callback') {
      if (!deps.oidc) redirect(res, '/login?error=no-oidc');
      else await deps.oidc.handle(req, res, url);
      return true;
    }
    if (isPublic(path)) return false;
    const api = path.startsWith('/api/') || path === '/metrics' || path.startsWith('/auth/');
    const token = url.searchParams.get('token');
    let identified: Identified;
    try {
      identified = await auth.identify({ remoteAddress: req.socket.remoteAddress, headers: req.headers, token });
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      audit.denied({ ...ANONYMOUS, source: 'link' }, { path, remote: auth.clientAddress(req.socket.remoteAddress, req.headers) }, error.message);
      refuseLink(res, api, error);
      return true;
    }
    const { identity } = identified;
    if (path === '/auth/me') {
      me(res, identity);
      return true;
    }
    if (config.access === 'protected' && !isAuthenticated(identity)) {
      if (identified.droppedLink) {
        clearCookie(res, LINKS_COOKIE, secure);
        refuseLink(res, api, identified.droppedLink);
      } else if (api) {
        sendError(res, new HttpError('Unauthorized', 'sign in required: this Lantern is protected (open /login, or use a share link)'));
      } else {
        redirect(res, `/login?next=${encodeURIComponent(safeNext(path + url.search))}`);
      }
      return true;
    }
    // A share link opened in a browser: keep it in the links cookie and show the page without the token
    // (out of the address bar, history and Referer headers).
    if (token !== null && !api && req.method === 'GET') {
      storeLinkTokens(res, identified.linkTokens, secure);
      url.searchParams.delete('token');
      redirect(res, safeNext(path + url.search));
      return true;
    }
    if (identified.droppedLink) storeLinkTokens(res, identified.linkTokens, secure);

    if (path === '/api/links') {
      await createLink(req, res, identified);
      return true;
    }
    const remote = auth.clientAddress(req.socket.remoteAddress, req.headers);
    const scanRoute = SCAN_ROUTE.exec(path) ?? (api ? null : SCAN_PAGE.exec(path));
    if (scanRoute && !(path.startsWith('/scans/') && scanRoute[1] === 'latest')) {
      const key = decode(scanRoute[1]!);
      if (key === null) return false; // the route answers the malformed key
      const scope = await scopes.of(key);
      if (!scope) {
        // No such scan: the route's own 404 for those who see everything; for others a plain one,
        // so that no route ever reads what the key holds.
        if (identity.all || !api) return false;
        sendJson(res, 404, { error: `no scan ${key}`, type: 'ScanNotFoundError' });
        return true;
      }
      if (!canSee(identity, scope)) {
        forbidden(res, api, identity, { scan: key, path, remote }, `scan ${key} is not in your proposals, sessions or share links`);
        return true;
      }
      const channel: Channel = !api ? 'page' : /\/frames\//.test(scanRoute[2] ?? '') ? 'file' : 'rest';
      audit.opened(identity, scope, channel, remote);
      return false;
    }
    if (identity.all || !api) return false;
    if (path === '/api/scans') {
      // `before` pages the scans in Redis by history id (the older interface), as api.ts does.
      if (deps.catalogue && !url.searchParams.has('before')) await searchVisible(res, url, identity, deps);
      else listScans(res, url, identity, deps.index, scopes);
      return true;
    }
    // Default deny: an API route that does not name a scan may show any scan; only whole-Lantern
    // identities reach it until it is given a rule here.
    forbidden(res, true, identity, { path, remote }, `${path} is only available to staff`);
    return true;
  };
}

/** What a scoped identity may see, as the catalogue search restricts it (the same rules as `canSee`). */
export function searchScopeOf(identity: Identity): SearchScope {
  const now = Date.now();
  const links = identity.links.filter((l) => l.expiresAt > now);
  return {
    proposals: [...identity.proposals],
    sessions: [...identity.sessions, ...links.flatMap((l) => (l.session !== undefined ? [l.session] : []))],
    keys: links.flatMap((l) => (l.scan !== undefined ? [l.scan] : [])),
  };
}

/** GET /api/scans (catalogue search) for a scoped identity: the same answer, over only the scans it may see. */
async function searchVisible(res: ServerResponse, url: URL, identity: Identity, deps: GateDeps): Promise<void> {
  try {
    const query = Object.fromEntries(url.searchParams);
    sendJson(res, 200, await searchScans({ catalogue: deps.catalogue!, store: deps.store, live: (k) => deps.index.get(k) }, query, searchScopeOf(identity)));
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    sendJson(res, 400, { error: error.message, type: 'SearchQueryError' });
  }
}

/** GET /api/scans?before= for a scoped identity: the same answer, holding only the scans it may see. */
function listScans(res: ServerResponse, url: URL, identity: Identity, index: ScanIndex, scopes: ScanScopes): void {
  const q = url.searchParams;
  const limitText = q.get('limit');
  const limit = limitText === null || limitText === '' ? 100 : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '100') || limit < 1 || limit > 10_000) return sendJson(res, 400, { error: 'limit must be between 1 and 10000', type: 'HttpError' });
  const before = q.get('before') ?? undefined;
  if (before !== undefined && !/^\d+-\d+$/.test(before)) return sendJson(res, 400, { error: 'before must be a history id like 1700000000000-0', type: 'HttpError' });
  const visible = (key: string) => {
    const scope = scopes.known(key);
    return scope !== undefined && canSee(identity, scope);
  };
  sendJson(res, 200, { scans: index.list({ session: q.get('session') || undefined, limit, before, visible }) });
}
