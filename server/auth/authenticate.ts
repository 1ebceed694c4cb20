/**
 * Who is asking: the identity of an HTTP request or a socket.io handshake, from (in this order) trusted
 * proxy headers, the login session cookie, and share-link tokens (explicit `?token=` / `auth.token`, or
 * those the browser keeps in its links cookie). Proxy headers count only from LANTERN_TRUSTED_PROXIES.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from '../logger';
import type { AuthConfig } from './config';
import { CookieSigner, LINKS_COOKIE, readCookies, SESSION_COOKIE } from './cookies';
import { LinkError, LinkSigner } from './links';
import { ANONYMOUS, identityFromGroups, withLinks, type Identity, type LinkGrant } from './policy';

export const USER_HEADER = 'x-forwarded-user';
export const GROUPS_HEADER = 'x-forwarded-groups';

export interface Credentials {
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
  /** A token given explicitly with this request: a bad one refuses the request. */
  token: string | null;
}

export interface Identified {
  identity: Identity;
  /** Valid link tokens of the links cookie (plus the explicit one), to store back. */
  linkTokens: { token: string; expiresAt: number }[];
  /** Why stored link tokens were dropped (the first reason), when nothing else identifies the request. */
  droppedLink: LinkError | null;
}

const headerText = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v)?.trim() ?? '';
const MAX_WARNED = 1000;

export class Authenticator {
  readonly links: LinkSigner;
  readonly cookies: CookieSigner;
  private readonly warned = new Set<string>();

  constructor(
    readonly config: AuthConfig,
    private readonly logger: Logger,
  ) {
    this.links = new LinkSigner(config.linkSecrets);
    this.cookies = new CookieSigner(config.sessionSecret);
  }

  isTrustedProxy(address: string | undefined): boolean {
    if (!address || !this.config.trustedProxies) return false;
    return this.config.trustedProxies.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
  }

  /** The viewer's address for audit lines: X-Forwarded-For's first entry when a trusted proxy says so. */
  clientAddress(remoteAddress: string | undefined, headers: IncomingHttpHeaders): string | undefined {
    const forwarded = headerText(headers['x-forwarded-for']).split(',')[0]?.trim();
    return forwarded && this.isTrustedProxy(remoteAddress) ? forwarded : remoteAddress;
  }

  /** Identity from X-Forwarded-User / -Groups when the peer is a trusted proxy; null otherwise. */
  private fromProxy(credentials: Credentials): Identity | null {
    const user = headerText(credentials.headers[USER_HEADER]);
    if (!this.isTrustedProxy(credentials.remoteAddress)) {
      if ((user || credentials.headers[GROUPS_HEADER] !== undefined) && this.warned.size < MAX_WARNED && !this.warned.has(credentials.remoteAddress ?? '?')) {
        this.warned.add(credentials.remoteAddress ?? '?');
        this.logger.warn({ remote: credentials.remoteAddress, trusted: this.config.trustedProxyList }, 'X-Forwarded-User ignored: the request does not come from a trusted proxy (LANTERN_TRUSTED_PROXIES)');
      }
      return null;
    }
    if (!user) return null;
    const groups = headerText(credentials.headers[GROUPS_HEADER]).split(',').map((g) => g.trim()).filter(Boolean);
    return identityFromGroups(user, 'proxy', groups, this.config, null);
  }

  private async fromSession(cookie: string | undefined): Promise<Identity | null> {
    const claims = await this.cookies.verify('session', cookie);
    if (!claims || typeof claims.sub !== 'string') return null;
    const groups = Array.isArray(claims.grp) ? claims.grp.filter((g): g is string => typeof g === 'string') : [];
    return identityFromGroups(claims.sub, 'oidc', groups, this.config, typeof claims.exp === 'number' ? claims.exp * 1000 : null);
  }

  /** Throws a LinkError when the explicit token is refused; stored tokens that fail are dropped. */
  async identify(credentials: Credentials): Promise<Identified> {
    const cookies = readCookies(credentials.headers.cookie);
    const proxy = this.fromProxy(credentials);
    let identity: Identity;
    if (this.config.access === 'open') {
      identity = { ...ANONYMOUS, user: proxy?.user ?? null, source: 'open', all: true, groups: proxy?.groups ?? [] };
    } else {
      identity = proxy ?? (await this.fromSession(cookies[SESSION_COOKIE])) ?? ANONYMOUS;
    }
    const grants: LinkGrant[] = [];
    const linkTokens: Identified['linkTokens'] = [];
    let droppedLink: LinkError | null = null;
    const stored = cookies[LINKS_COOKIE]?.split(' ').filter(Boolean) ?? [];
    for (const token of stored) {
      try {
        const grant = await this.links.verify(token);
        grants.push(grant);
        linkTokens.push({ token, expiresAt: grant.expiresAt });
      } catch (error) {
        droppedLink ??= error as LinkError;
      }
    }
    if (credentials.token !== null) {
      const grant = await this.links.verify(credentials.token);
      grants.push(grant);
      if (!linkTokens.some((t) => t.token === credentials.token)) linkTokens.push({ token: credentials.token, expiresAt: grant.expiresAt });
    }
    return { identity: withLinks(identity, grants), linkTokens, droppedLink };
  }
}

export { LinkError };
