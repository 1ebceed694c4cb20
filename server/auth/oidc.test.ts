/**
 * The OIDC login flow's server side against a real provider (oidc-provider): the authorisation request
 * (code flow, PKCE S256, state, nonce), the login transaction cookie, and the refusals of a callback
 * that does not belong to a login in progress. The whole flow with a browser is in e2e/auth.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/redis-launcher';
import { withLantern } from '../testing/lantern-fixture';
import { startIdentityProvider, type TestIdentityProvider } from './testing/identity-provider';
import { cookieFrom, rawRequest } from './testing/http-client';

const lantern = withLantern({ env: { LANTERN_ACCESS: 'protected', LANTERN_TRUSTED_PROXIES: '10.9.9.9' } });
let idp: TestIdentityProvider;

beforeAll(async () => {
  idp = await startIdentityProvider({ port: await freePort(), redirectUris: ['http://127.0.0.1/auth/callback'], users: {} });
  await lantern.restart({ LANTERN_ACCESS: 'protected', OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret, LANTERN_SESSION_SECRET: 's'.repeat(40) });
});
afterAll(() => idp?.stop());

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(`${lantern.url}${path}`, { headers });

describe('OIDC sign-in', () => {
  it('sends the browser to the provider with PKCE, state and nonce, keeping the transaction in a signed cookie', async () => {
    const res = await get('/auth/login?next=%2Fscans%2Fx%3Fplot%3Dcurve');
    expect(res.status).toBe(303);
    const target = new URL(String(res.headers.location));
    expect(`${target.origin}`).toBe(idp.issuer);
    const q = target.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('lantern');
    expect(q.get('redirect_uri')).toBe(`${lantern.url}/auth/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(q.get('scope')).toBe('openid profile email groups');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^lantern_oidc=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    // The verifier never leaves Lantern except inside its own signed cookie.
    expect(target.href).not.toContain(JSON.parse(Buffer.from(setCookie.split('.')[1]!, 'base64url').toString()).v);
  });

  it('refuses a callback without a login in progress, with a forged transaction, or with another state', async () => {
    const none = await get('/auth/callback?code=abc&state=xyz');
    expect(none.status).toBe(303);
    expect(decodeURIComponent(String(none.headers.location))).toMatch(/^\/login\?error=login expired: no login in progress/);
    expect(cookieFrom(none, 'lantern_session')).toBeNull();

    const forged = await get('/auth/callback?code=abc&state=xyz', { cookie: 'lantern_oidc=eyJhbGciOiJIUzI1NiJ9.eyJzIjoieHl6In0.AAAA' });
    expect(decodeURIComponent(String(forged.headers.location))).toMatch(/no login in progress/);

    const login = await get('/auth/login');
    const transaction = cookieFrom(login, 'lantern_oidc')!;
    const mismatch = await get(`/auth/callback?code=abc&state=not-the-state&iss=${encodeURIComponent(idp.issuer)}`, { cookie: transaction });
    expect(decodeURIComponent(String(mismatch.headers.location))).toMatch(/^\/login\?error=sign-in could not be completed: .*state/);
    expect(cookieFrom(mismatch, 'lantern_session')).toBeNull();

    const refused = await get(`/auth/callback?error=access_denied&error_description=${encodeURIComponent('user cancelled')}&state=x`, { cookie: transaction });
    expect(decodeURIComponent(String(refused.headers.location))).toBe('/login?error=the identity provider refused the login: user cancelled');
  });

  it('says so on the login page when the provider cannot be reached, and keeps serving health', async () => {
    await idp.stop();
    // A fresh Lantern: the provider is discovered at the first sign-in, not at start-up.
    await lantern.restart({ LANTERN_ACCESS: 'protected', OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId });
    expect((await get('/api/health')).status).toBe(200);
    const res = await get('/auth/login');
    expect(decodeURIComponent(String(res.headers.location))).toMatch(/^\/login\?error=cannot reach the identity provider: identity provider http:\/\/127\.0\.0\.1:\d+\/ not reachable/);
  });
});
