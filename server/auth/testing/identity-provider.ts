/**
 * A real OpenID Connect provider for tests (`oidc-provider`, its development login and consent pages),
 * on a loopback port, with a fixed set of users and their groups. Any password is accepted: the tests
 * check what Lantern does with identities, not the provider's password handling.
 */
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

export async function startIdentityProvider(options: { port: number; redirectUris: string[]; postLogoutRedirectUris?: string[]; users: Record<string, string[]> }): Promise<TestIdentityProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = 'lantern';
  const clientSecret = 'lantern-test-client-secret';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: `sub-${id}`, preferred_username: id, name: id, groups: options.users[id] ?? [] }),
    }),
    cookies: { keys: ['a-test-cookie-key-for-the-identity-provider'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  let server: Server | undefined;
  server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
