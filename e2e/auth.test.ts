/**
 * Protected Lantern with a real OpenID Connect provider (oidc-provider, started here) and Chromium:
 * signing in, seeing only one's own session's scans (list, pages, REST from the page), signing out,
 * and a signed link made in the interface opening the scan for a colleague without an account, with
 * tampered and expired links landing on a clear page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../testing/redis-launcher';
import { LinkSigner } from '../server/auth/links';
import { startIdentityProvider, type TestIdentityProvider } from '../server/auth/testing/identity-provider';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const LINK_SECRET = 'e2e-auth-link-secret-long-enough-0123456789abcdef';
const ports = { lantern: 0, idp: 0 };
let idp: TestIdentityProvider | undefined;

beforeAll(async () => {
  ports.lantern = await freePort();
  ports.idp = await freePort();
  const lantern = `http://127.0.0.1:${ports.lantern}`;
  idp = await startIdentityProvider({
    port: ports.idp,
    redirectUris: [`${lantern}/auth/callback`],
    postLogoutRedirectUris: [`${lantern}/login?signedOut=1`],
    users: { alice: ['users', 'session:auth_a'], sam: ['beamline-staff'] },
  });
});
afterAll(() => idp?.stop());

const h = withHarness({
  port: () => ports.lantern,
  env: () => ({
    LANTERN_ACCESS: 'protected',
    OIDC_ISSUER: idp!.issuer,
    OIDC_CLIENT_ID: idp!.clientId,
    OIDC_CLIENT_SECRET: idp!.clientSecret,
    OIDC_SCOPES: 'openid profile groups',
    LANTERN_STAFF_GROUPS: 'beamline-staff',
    LANTERN_LINK_SECRET: LINK_SECRET,
    LANTERN_SESSION_SECRET: 'e2e-auth-session-secret-long-enough-0123456789',
  }),
});

/** From Lantern's login page through the provider's login and consent pages, back to `next`. */
async function signIn(page: Page, user: string, next = '/'): Promise<void> {
  await page.goto(next);
  await page.waitForURL(/\/login\?next=/);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.locator('input[name=login]').fill(user);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.port === String(ports.lantern) && !url.pathname.startsWith('/auth/') && url.pathname !== '/login');
}

const status = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).status, path);

describe('signing in with OpenID Connect', () => {
  it('shows a user only the scans of their session, by every route, until they sign out', async () => {
    const mine = await startScan(h.store, 'ascan', { session: 'auth_a', rate: 2000 }).done;
    const theirs = await startScan(h.store, 'ascan', { session: 'auth_b', rate: 2000 }).done;

    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(mine.key)}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await h.screenshot(page, 'auth-login');
    expect(await status(page, '/api/scans')).toBe(401);

    await signIn(page, 'alice');
    await page.locator(`tr[data-scan-key="${mine.key}"]`).waitFor();
    expect(await page.locator(`tr[data-scan-key="${theirs.key}"]`).count()).toBe(0);
    expect(await page.locator('[data-account]').getAttribute('data-account')).toBe('alice');

    await page.goto(`/scans/${encodeURIComponent(mine.key)}`);
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 15_000, '41 points of my scan');
    expect(await status(page, `/api/scans/${encodeURIComponent(theirs.key)}/streams/axis%3Aroby`)).toBe(403);
    expect(await status(page, `/api/scans/${encodeURIComponent(mine.key)}/streams/axis%3Aroby`)).toBe(200);

    await page.goto(`/scans/${encodeURIComponent(theirs.key)}`);
    await page.getByText('You do not have access to this scan').waitFor();
    expect(new URL(page.url()).pathname).toBe('/link-error');

    await page.goto('/');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByText('You are signed out').waitFor();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/login');
  }, 90_000);
});

describe('signed links made in the interface', () => {
  it('open one scan for a colleague without an account, and nothing else', async () => {
    const shared = await startScan(h.store, 'ascan', { session: 'auth_b', rate: 2000 }).done;
    const other = await startScan(h.store, 'ascan', { session: 'auth_b', rate: 2000 }).done;

    const staff = await h.page();
    await signIn(staff, 'sam', `/scans/${encodeURIComponent(shared.key)}`);
    await eventually(async () => ((await pointCount(staff, 'curve')) === 41 ? true : undefined), 15_000, 'staff sees the scan');
    await staff.getByRole('button', { name: 'Create signed link' }).click();
    await staff.getByRole('dialog', { name: 'Create signed link' }).getByRole('button', { name: 'Create' }).click();
    const link = await staff.getByRole('textbox', { name: 'Signed link' }).inputValue();
    expect(link).toMatch(new RegExp(`/scans/${encodeURIComponent(shared.key)}\\?.*token=`));
    await h.screenshot(staff, 'auth-signed-link');

    const colleague = await h.page();
    await colleague.goto(link);
    await eventually(async () => ((await pointCount(colleague, 'curve')) === 41 ? true : undefined), 15_000, 'the colleague sees the scan');
    expect(colleague.url()).not.toContain('token=');
    expect(await status(colleague, `/api/scans/${encodeURIComponent(other.key)}`)).toBe(403);
    await colleague.goto(`/scans/${encodeURIComponent(other.key)}`);
    await colleague.getByText('You do not have access to this scan').waitFor();

    const stranger = await h.page();
    await stranger.goto(link.replace(/token=([^&]+)/, (_m, t: string) => `token=${t.slice(0, -2)}${t.endsWith('xx') ? 'yy' : 'xx'}`));
    await stranger.getByText('This share link is not valid').waitFor();
    const expired = (await new LinkSigner([LINK_SECRET]).sign({ scan: shared.key }, -60)).token;
    await stranger.goto(`/scans/${encodeURIComponent(shared.key)}?token=${expired}`);
    await stranger.getByText('This share link has expired').waitFor();
    await h.screenshot(stranger, 'auth-link-expired');
    expect(await status(stranger, `/api/scans/${encodeURIComponent(shared.key)}`)).toBe(401);
  }, 90_000);
});
