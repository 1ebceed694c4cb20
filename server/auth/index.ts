/**
 * Access control for one Lantern: `installAuth` wires identities, the policy, share links and audit into
 * socket.io and returns the HTTP gate that app.ts calls before any other route. The policy itself is
 * `canSee` (policy.ts), for other entry points to use.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataStore } from '../../lib/blissdata/data-store';
import type { ScanCatalogue } from '../catalogue/types';
import type { LanternServer } from '../live/live-context';
import type { ScanIndex } from '../live/scan-index';
import type { Logger } from '../logger';
import { Audit } from './audit';
import { Authenticator } from './authenticate';
import type { AuthConfig } from './config';
import { createAuthGate } from './http-gate';
import { OidcLogin } from './oidc';
import { ScanScopes } from './scopes';
import { installSocketAuth } from './socket-auth';

export { canSee, type Identity, type ScanScope } from './policy';

export interface AccessControl {
  /** Handles (refuses, redirects or answers) the request and returns true, or returns false to let it through. */
  gate(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  authenticator: Authenticator;
}

export function installAuth(deps: {
  config: AuthConfig;
  io: LanternServer;
  store: DataStore;
  index: ScanIndex;
  logger: Logger;
  /** Scopes of scans gone from Redis, and search for scoped users; without it they see only scans in Redis. */
  catalogue?: ScanCatalogue;
}): AccessControl {
  const { config, logger } = deps;
  const authenticator = new Authenticator(config, logger);
  const audit = new Audit(logger);
  const scopes = new ScanScopes(deps.store, deps.index, deps.catalogue ?? null);
  const oidc = config.oidc ? new OidcLogin(config.oidc, authenticator, audit, logger) : null;
  if (config.linkSecretsGenerated) logger.warn('LANTERN_LINK_SECRET is not set: share links are signed with a random key and stop working when Lantern restarts');
  if (config.sessionSecretGenerated && config.oidc) logger.warn('LANTERN_SESSION_SECRET is not set: sign-ins are lost when Lantern restarts');
  logger.info({ access: config.access, oidc: config.oidc?.issuer.href ?? null, trustedProxies: config.trustedProxyList, staffGroups: config.staffGroups }, 'access control');
  installSocketAuth(deps.io, { auth: authenticator, scopes, index: deps.index, audit });
  return { gate: createAuthGate({ auth: authenticator, scopes, index: deps.index, audit, oidc, logger, store: deps.store, catalogue: deps.catalogue ?? null }), authenticator };
}
