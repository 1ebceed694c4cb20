/**
 * OpenID Connect login with `openid-client`: authorisation code flow with PKCE (S256), state and nonce.
 * /auth/login keeps the transaction in a short signed cookie and sends the browser to the provider;
 * /auth/callback checks it, exchanges the code, reads the user and groups (from the ID token, else from
 * userinfo) and sets the signed session cookie. The provider is discovered at the first login, so
 * Lantern starts (and serves health) while the provider is away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as client from 'openid-client';
import type { Audit } from './audit';
import type { Authenticator } from './authenticate';
import type { OidcConfig } from './config';
import { appendSetCookie, clearCookie, LOGIN_COOKIE, readCookies, SESSION_COOKIE } from './cookies';
import type { Logger } from '../logger';
import { publicBase, redirect, safeNext } from './http-util';

const LOGIN_SECONDS = 10 * 60;

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return value.split(',').map((g) => g.trim()).filter(Boolean);
  return [];
}

export class OidcLogin {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(
    private readonly config: OidcConfig,
    private readonly auth: Authenticator,
    private readonly audit: Audit,
    private readonly logger: Logger,
  ) {}

  private provider(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(this.config.issuer, this.config.clientId, this.config.clientSecret ?? undefined, this.config.clientSecret ? undefined : client.None(), this.config.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((error: unknown) => {
        this.discovered = null; // try again at the next login
        throw new Error(`identity provider ${this.config.issuer.href} not reachable: ${(error as Error).message}`, { cause: error });
      });
    return this.discovered;
  }

  private redirectUri(req: IncomingMessage): string {
    return `${publicBase(req, this.auth.config.publicUrl, this.auth.isTrustedProxy(req.socket.remoteAddress))}/auth/callback`;
  }

  private fail(res: ServerResponse, error: unknown, what: string): void {
    // openid-client's errors say "invalid response encountered"; the reason is in their cause.
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    const message = error instanceof Error ? `${error.message}${cause}` : String(error);
    this.logger.warn({ err: message }, `login failed: ${what}`);
    redirect(res, `/login?error=${encodeURIComponent(`${what}: ${message}`)}`);
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/auth/login') return this.start(req, res, url);
    return this.callback(req, res, url);
  }

  private async start(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let provider: client.Configuration;
    try {
      provider = await this.provider();
    } catch (error) {
      return this.fail(res, error, 'cannot reach the identity provider');
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const redirectUri = this.redirectUri(req);
    const transaction = await this.auth.cookies.sign('login', { v: verifier, s: state, n: nonce, r: safeNext(url.searchParams.get('next')), u: redirectUri }, LOGIN_SECONDS);
    appendSetCookie(res, LOGIN_COOKIE, transaction, { maxAgeSeconds: LOGIN_SECONDS, secure: this.auth.config.secureCookies });
    const target = client.buildAuthorizationUrl(provider, {
      redirect_uri: redirectUri,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    redirect(res, target.href);
  }

  private async callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const secure = this.auth.config.secureCookies;
    const transaction = await this.auth.cookies.verify('login', readCookies(req.headers.cookie)[LOGIN_COOKIE]);
    clearCookie(res, LOGIN_COOKIE, secure);
    if (!transaction) return this.fail(res, new Error('no login in progress in this browser, or it took more than 10 minutes'), 'login expired');
    const { v, s, n, r, u } = transaction as { v: string; s: string; n: string; r: string; u: string };
    const providerError = url.searchParams.get('error');
    if (providerError) return this.fail(res, new Error(url.searchParams.get('error_description') ?? providerError), 'the identity provider refused the login');
    try {
      const provider = await this.provider();
      const tokens = await client.authorizationCodeGrant(provider, new URL(`${u}${url.search}`), { pkceCodeVerifier: v, expectedState: s, expectedNonce: n, idTokenExpected: true });
      let claims: Record<string, unknown> = { ...tokens.claims() };
      if (claims[this.config.groupsClaim] === undefined || claims[this.config.userClaim] === undefined) {
        const info = await client.fetchUserInfo(provider, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims, [this.config.groupsClaim]: claims[this.config.groupsClaim] ?? info[this.config.groupsClaim] };
      }
      const userClaim = claims[this.config.userClaim];
      const user = typeof userClaim === 'string' && userClaim ? userClaim : String(claims.sub);
      const groups = groupsOf(claims[this.config.groupsClaim]);
      const maxAge = this.auth.config.sessionMaxAgeSeconds;
      const session = await this.auth.cookies.sign('session', { sub: user, grp: groups, idp: String(claims.sub) }, maxAge);
      appendSetCookie(res, SESSION_COOKIE, session, { maxAgeSeconds: maxAge, secure });
      this.audit.event('login', { user, via: 'oidc', groups, remote: this.auth.clientAddress(req.socket.remoteAddress, req.headers) }, 'signed in');
      redirect(res, safeNext(r));
    } catch (error) {
      this.fail(res, error, 'sign-in could not be completed');
    }
  }

  /** Where to send the browser to end the provider's session too (RP-initiated logout), if it offers it. */
  async endSessionUrl(req: IncomingMessage): Promise<string | null> {
    const provider = await this.provider();
    if (!provider.serverMetadata().end_session_endpoint) return null;
    const base = publicBase(req, this.auth.config.publicUrl, this.auth.isTrustedProxy(req.socket.remoteAddress));
    return client.buildEndSessionUrl(provider, { client_id: this.config.clientId, post_logout_redirect_uri: `${base}/login?signedOut=1` }).href;
  }
}
