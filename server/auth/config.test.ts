/** Access settings: defaults, each mode's requirements, and one clear line per bad value. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

const SECRET = 'x'.repeat(40);
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('access configuration', () => {
  it('defaults to open with generated secrets and the default group mapping', () => {
    const { auth } = loadConfig({});
    expect(auth).toMatchObject({ access: 'open', trustedProxies: null, staffGroups: [], proposalGroups: ['proposal:{}'], sessionGroups: ['session:{}'], linkSecretsGenerated: true, linkDefaultSeconds: 259200, oidc: null, secureCookies: false });
    expect(auth.linkSecrets[0]!.length).toBeGreaterThanOrEqual(32);
  });

  it('needs a source of identities in protected mode', () => {
    expect(problems({ LANTERN_ACCESS: 'protected' })).toEqual([expect.stringMatching(/^LANTERN_ACCESS: protected needs .*OIDC_ISSUER.*LANTERN_TRUSTED_PROXIES/)]);
    expect(problems({ LANTERN_ACCESS: 'protected', LANTERN_TRUSTED_PROXIES: '10.1.0.0/16, ::1' })).toEqual([]);
    expect(problems({ LANTERN_ACCESS: 'protected', OIDC_ISSUER: 'https://sso.example.org/realms/x', OIDC_CLIENT_ID: 'lantern' })).toEqual([]);
  });

  it('matches trusted proxies by address and CIDR, IPv4 also as mapped IPv6', () => {
    const { auth } = loadConfig({ LANTERN_TRUSTED_PROXIES: '10.1.0.0/16,192.168.3.4,fd00::/8' });
    const check = (a: string) => auth.trustedProxies!.check(a, a.includes(':') ? 'ipv6' : 'ipv4');
    expect([check('10.1.200.3'), check('::ffff:10.1.2.3'), check('192.168.3.4'), check('fd12::1')]).toEqual([true, true, true, true]);
    expect([check('10.2.0.1'), check('192.168.3.5'), check('127.0.0.1'), check('fe80::1')]).toEqual([false, false, false, false]);
  });

  it('reports every bad value on its own line', () => {
    const found = problems({ LANTERN_ACCESS: 'closed', LANTERN_TRUSTED_PROXIES: 'proxy.example.org', LANTERN_LINK_SECRET: 'short', PORT: 'x' });
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^PORT:/), expect.stringMatching(/^LANTERN_ACCESS:/)]));
    expect(problems({ LANTERN_TRUSTED_PROXIES: 'proxy.example.org,10.0.0.0/33', LANTERN_LINK_SECRET: 'short', LANTERN_PROPOSAL_GROUPS: 'proposal' })).toEqual([
      expect.stringMatching(/LANTERN_TRUSTED_PROXIES: "proxy.example.org" is not an IP/),
      expect.stringMatching(/LANTERN_TRUSTED_PROXIES: "10.0.0.0\/33" has an invalid prefix/),
      expect.stringMatching(/LANTERN_LINK_SECRET: every secret needs at least 32/),
      expect.stringMatching(/LANTERN_PROPOSAL_GROUPS: pattern "proposal" must hold \{\}/),
    ]);
  });

  it('refuses a plain-http identity provider except on this machine', () => {
    expect(problems({ OIDC_ISSUER: 'http://sso.example.org', OIDC_CLIENT_ID: 'l' })).toEqual([expect.stringMatching(/OIDC_ISSUER: must be https/)]);
    expect(problems({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'l' })).toEqual([]);
    expect(problems({ OIDC_ISSUER: 'https://sso.example.org' })).toEqual([expect.stringMatching(/OIDC_CLIENT_ID: required/)]);
  });

  it('takes rotation secrets in order, the first signing', () => {
    const { auth } = loadConfig({ LANTERN_LINK_SECRET: `${SECRET}new ${SECRET}old`, LANTERN_PUBLIC_URL: 'https://lantern.example.org' });
    expect(auth.linkSecrets).toEqual([`${SECRET}new`, `${SECRET}old`]);
    expect(auth.secureCookies).toBe(true);
  });

  it('reads link secrets from a key file, first line signing, comments skipped', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lantern-keys-')), 'links.keys');
    writeFileSync(file, `# newest first\n${SECRET}new\n\n${SECRET}old\n`);
    expect(loadConfig({ LANTERN_LINK_SECRET_FILE: file }).auth.linkSecrets).toEqual([`${SECRET}new`, `${SECRET}old`]);
    expect(problems({ LANTERN_LINK_SECRET_FILE: `${file}.missing` })).toEqual([expect.stringMatching(/^LANTERN_LINK_SECRET_FILE: cannot read .*links\.keys\.missing \(ENOENT/)]);
  });
});
