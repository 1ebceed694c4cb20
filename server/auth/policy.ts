/**
 * Who may see which scan: ONE function, `canSee`, used at every entry point (REST routes, file and
 * frame routes, socket.io list, subscribe and kiosk, share-link creation). A scan is identified for the
 * policy by its key and the proposal and session of its scan document (`id.proposal`, `id.session`);
 * file-backed scans give the same three fields from their file.
 */

/** What the policy needs to know of a scan. */
export interface ScanScope {
  key: string;
  proposal: string | null;
  session: string | null;
}

/** How the identity was established; logged in audit lines. */
export type IdentitySource = 'open' | 'oidc' | 'proxy' | 'link' | 'anonymous';

/** A share link that was presented and verified. */
export interface LinkGrant {
  /** The link's id (`jti`): audit lines name it, never the token. */
  id: string;
  scan?: string;
  session?: string;
  expiresAt: number;
}

export interface Identity {
  /** Login name (OIDC claim or X-Forwarded-User); null for anonymous and link-only viewers. */
  user: string | null;
  source: IdentitySource;
  groups: readonly string[];
  /** Sees every scan: open mode or a staff group. */
  all: boolean;
  proposals: ReadonlySet<string>;
  sessions: ReadonlySet<string>;
  links: readonly LinkGrant[];
  /** When this identity stops being valid (session or link expiry), ms since epoch; null never. */
  expiresAt: number | null;
}

export const ANONYMOUS: Identity = Object.freeze({ user: null, source: 'anonymous', groups: [], all: false, proposals: new Set<string>(), sessions: new Set<string>(), links: [], expiresAt: null });

/** True when `identity` may read the scan: everything it shows, by any route. */
export function canSee(identity: Identity, scan: ScanScope): boolean {
  if (identity.all) return true;
  if (scan.proposal !== null && identity.proposals.has(scan.proposal)) return true;
  if (scan.session !== null && identity.sessions.has(scan.session)) return true;
  const now = Date.now();
  return identity.links.some((l) => l.expiresAt > now && ((l.scan !== undefined && l.scan === scan.key) || (l.session !== undefined && l.session === scan.session)));
}

/** True when `identity` may see every scan of a session (needed to hand out a link to the session). */
export function canSeeSession(identity: Identity, session: string): boolean {
  return identity.all || identity.sessions.has(session) || identity.links.some((l) => l.session === session && l.expiresAt > Date.now());
}

/** Whether the identity holds anything at all: an anonymous request in protected mode holds nothing. */
export function isAuthenticated(identity: Identity): boolean {
  return identity.source !== 'anonymous' || identity.links.length > 0;
}

/** The mapping from groups to grants: staff groups see all; `proposal:{}` / `session:{}` patterns. */
export interface GroupMapping {
  staffGroups: readonly string[];
  proposalGroups: readonly string[];
  sessionGroups: readonly string[];
}

function matchPattern(pattern: string, group: string): string | null {
  const [head = '', tail = ''] = pattern.split('{}');
  if (group.length <= head.length + tail.length || !group.startsWith(head) || !group.endsWith(tail)) return null;
  return group.slice(head.length, group.length - tail.length);
}

/** An identity from a login name and groups (OIDC claims or proxy headers), with the grants they map to. */
export function identityFromGroups(user: string | null, source: IdentitySource, groups: readonly string[], mapping: GroupMapping, expiresAt: number | null): Identity {
  const proposals = new Set<string>();
  const sessions = new Set<string>();
  for (const group of groups) {
    for (const p of mapping.proposalGroups) {
      const name = matchPattern(p, group);
      if (name !== null) proposals.add(name);
    }
    for (const p of mapping.sessionGroups) {
      const name = matchPattern(p, group);
      if (name !== null) sessions.add(name);
    }
  }
  return { user, source, groups, all: groups.some((g) => mapping.staffGroups.includes(g)), proposals, sessions, links: [], expiresAt };
}

/** The identity plus verified share links (a logged-in user opening a colleague's link gets both). */
export function withLinks(identity: Identity, links: readonly LinkGrant[]): Identity {
  if (!links.length) return identity;
  const all = [...identity.links, ...links.filter((l) => !identity.links.some((h) => h.id === l.id))];
  const source = identity.source === 'anonymous' ? 'link' : identity.source;
  // Valid until the first of its parts expires: a socket is then re-authenticated with what remains.
  const expiresAt = Math.min(identity.expiresAt ?? Infinity, ...all.map((l) => l.expiresAt));
  return { ...identity, source, links: all, expiresAt };
}
