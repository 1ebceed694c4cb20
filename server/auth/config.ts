/**
 * Access-control settings (LANTERN_ACCESS, trusted proxies, OIDC_*, groups, link and session secrets),
 * parsed from the environment with one message per problem, merged into Lantern's configuration.
 */
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

export type AccessMode = 'open' | 'protected';

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  /** Claim holding the user's groups (a list, or a comma-separated string). */
  groupsClaim: string;
  /** Claim shown and logged as the user's name. */
  userClaim: string;
  /** Plain-http issuers are only accepted on the loopback interface (a local test provider). */
  allowHttp: boolean;
}

export interface AuthConfig {
  access: AccessMode;
  /** Addresses whose X-Forwarded-User / X-Forwarded-Groups are believed; null when none. */
  trustedProxies: BlockList | null;
  trustedProxyList: string[];
  staffGroups: string[];
  /** Group name patterns, `{}` standing for the proposal / session name. */
  proposalGroups: string[];
  sessionGroups: string[];
  /** Secrets that verify share links; the first one signs new links. */
  linkSecrets: string[];
  linkSecretsGenerated: boolean;
  linkDefaultSeconds: number;
  linkMaxSeconds: number;
  sessionSecret: string;
  sessionSecretGenerated: boolean;
  sessionMaxAgeSeconds: number;
  /** Base of the URLs Lantern hands out (share links, OIDC redirect); from the request when null. */
  publicUrl: URL | null;
  /** Cookies marked Secure: LANTERN_COOKIE_SECURE, else true when LANTERN_PUBLIC_URL is https. */
  secureCookies: boolean;
  oidc: OidcConfig | null;
}

const MIN_SECRET = 32;
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const schema = z.object({
  LANTERN_ACCESS: z.enum(['open', 'protected']).default('open'),
  LANTERN_TRUSTED_PROXIES: z.string().default(''),
  LANTERN_STAFF_GROUPS: z.string().default(''),
  LANTERN_PROPOSAL_GROUPS: z.string().default('proposal:{}'),
  LANTERN_SESSION_GROUPS: z.string().default('session:{}'),
  LANTERN_LINK_SECRET: z.string().optional(),
  LANTERN_LINK_SECRET_FILE: z.string().optional(),
  LANTERN_LINK_DEFAULT_SECONDS: z.coerce.number().int().min(60).default(3 * 24 * 3600),
  LANTERN_LINK_MAX_SECONDS: z.coerce.number().int().min(60).default(90 * 24 * 3600),
  LANTERN_SESSION_SECRET: z.string().optional(),
  LANTERN_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  LANTERN_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LANTERN_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().default('openid profile email groups'),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_USER_CLAIM: z.string().min(1).default('preferred_username'),
});

function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

function parseProxies(text: string, problems: string[]): BlockList | null {
  const entries = list(text);
  if (!entries.length) return null;
  const blocks = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address);
    if (!family) {
      problems.push(`LANTERN_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR`);
      continue;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) {
      blocks.addAddress(address, type);
      // Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d.
      if (family === 4) blocks.addAddress(`::ffff:${address}`, 'ipv6');
      continue;
    }
    const prefix = Number(bits);
    if (!/^\d+$/.test(bits) || prefix > (family === 4 ? 32 : 128)) {
      problems.push(`LANTERN_TRUSTED_PROXIES: ${JSON.stringify(entry)} has an invalid prefix length`);
      continue;
    }
    blocks.addSubnet(address, prefix, type);
    if (family === 4) blocks.addSubnet(`::ffff:${address}`, 96 + prefix, 'ipv6');
  }
  return blocks;
}

function linkSecrets(env: z.output<typeof schema>, problems: string[]): string[] {
  const secrets: string[] = [];
  if (env.LANTERN_LINK_SECRET) secrets.push(...env.LANTERN_LINK_SECRET.split(/\s+/).filter(Boolean));
  if (env.LANTERN_LINK_SECRET_FILE) {
    try {
      // One secret per line, the first signs: rotating is adding a line on top, revoking is removing one.
      secrets.push(...readFileSync(env.LANTERN_LINK_SECRET_FILE, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
    } catch (error) {
      problems.push(`LANTERN_LINK_SECRET_FILE: cannot read ${env.LANTERN_LINK_SECRET_FILE} (${(error as Error).message})`);
    }
  }
  for (const s of secrets) if (s.length < MIN_SECRET) problems.push(`LANTERN_LINK_SECRET: every secret needs at least ${MIN_SECRET} characters (one has ${s.length})`);
  return secrets;
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\./.test(host);

/** Parses the access settings; problems are returned (not thrown) so that they join the others'. */
export function parseAuthConfig(env: Record<string, string>): { config: AuthConfig | null; problems: string[] } {
  const result = schema.safeParse(env);
  if (!result.success) {
    return { config: null, problems: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`) };
  }
  const c = result.data;
  const problems: string[] = [];
  const trustedProxies = parseProxies(c.LANTERN_TRUSTED_PROXIES, problems);
  const secrets = linkSecrets(c, problems);
  if (c.LANTERN_SESSION_SECRET !== undefined && c.LANTERN_SESSION_SECRET.length < MIN_SECRET) problems.push(`LANTERN_SESSION_SECRET: needs at least ${MIN_SECRET} characters`);
  for (const [name, patterns] of [['LANTERN_PROPOSAL_GROUPS', c.LANTERN_PROPOSAL_GROUPS], ['LANTERN_SESSION_GROUPS', c.LANTERN_SESSION_GROUPS]] as const) {
    for (const p of list(patterns)) if (p.split('{}').length !== 2) problems.push(`${name}: pattern ${JSON.stringify(p)} must hold {} exactly once`);
  }
  let oidc: OidcConfig | null = null;
  if (c.OIDC_ISSUER) {
    const issuer = new URL(c.OIDC_ISSUER);
    if (!c.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required with OIDC_ISSUER');
    if (issuer.protocol === 'http:' && !isLoopback(issuer.hostname)) problems.push(`OIDC_ISSUER: must be https (plain http only for a provider on this machine), got ${c.OIDC_ISSUER}`);
    if (!c.OIDC_SCOPES.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES: must include openid');
    oidc = {
      issuer,
      clientId: c.OIDC_CLIENT_ID ?? '',
      clientSecret: c.OIDC_CLIENT_SECRET || null,
      scopes: c.OIDC_SCOPES,
      groupsClaim: c.OIDC_GROUPS_CLAIM,
      userClaim: c.OIDC_USER_CLAIM,
      allowHttp: issuer.protocol === 'http:',
    };
  }
  if (c.LANTERN_ACCESS === 'protected' && !oidc && !trustedProxies) {
    problems.push('LANTERN_ACCESS: protected needs a source of identities: OIDC_ISSUER (single sign-on) or LANTERN_TRUSTED_PROXIES (an authenticating reverse proxy)');
  }
  if (c.LANTERN_LINK_DEFAULT_SECONDS > c.LANTERN_LINK_MAX_SECONDS) problems.push('LANTERN_LINK_DEFAULT_SECONDS: larger than LANTERN_LINK_MAX_SECONDS');
  const publicUrl = c.LANTERN_PUBLIC_URL ? new URL(c.LANTERN_PUBLIC_URL) : null;
  if (problems.length) return { config: null, problems };
  return {
    config: {
      access: c.LANTERN_ACCESS,
      trustedProxies,
      trustedProxyList: list(c.LANTERN_TRUSTED_PROXIES),
      staffGroups: list(c.LANTERN_STAFF_GROUPS),
      proposalGroups: list(c.LANTERN_PROPOSAL_GROUPS),
      sessionGroups: list(c.LANTERN_SESSION_GROUPS),
      linkSecrets: secrets.length ? secrets : [randomSecret()],
      linkSecretsGenerated: !secrets.length,
      linkDefaultSeconds: c.LANTERN_LINK_DEFAULT_SECONDS,
      linkMaxSeconds: c.LANTERN_LINK_MAX_SECONDS,
      sessionSecret: c.LANTERN_SESSION_SECRET ?? randomSecret(),
      sessionSecretGenerated: c.LANTERN_SESSION_SECRET === undefined,
      sessionMaxAgeSeconds: c.LANTERN_SESSION_MAX_AGE_SECONDS,
      publicUrl,
      secureCookies: c.LANTERN_COOKIE_SECURE ? c.LANTERN_COOKIE_SECURE === 'true' : publicUrl?.protocol === 'https:',
      oidc,
    },
    problems: [],
  };
}
