/**
 * Audit lines in the structured log (`"audit": "<event>"`): who opened which scan, by which route and
 * through which share link (its id, never the token), logins, logouts, links created and refusals.
 * A viewer reading a scan makes many requests: an opening is logged once per viewer, address, scan and route kind
 * every REPEAT_MS.
 */
import type { Logger } from '../logger';
import type { Identity, ScanScope } from './policy';

const REPEAT_MS = 10 * 60_000;
const MAX_REMEMBERED = 20_000;

export type Channel = 'rest' | 'file' | 'socket' | 'page' | 'list';

/** The fields that say who: user, how identified, links used. */
export function who(identity: Identity): Record<string, unknown> {
  return {
    user: identity.user,
    via: identity.source,
    ...(identity.links.length ? { links: identity.links.map((l) => l.id) } : {}),
  };
}

export class Audit {
  private readonly seen = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  opened(identity: Identity, scope: ScanScope, channel: Channel, remote: string | undefined): void {
    const link = identity.links.find((l) => l.scan === scope.key || (l.session !== undefined && l.session === scope.session));
    const id = `${identity.user ?? ''}|${identity.links.map((l) => l.id).join(',')}|${scope.key}|${channel}|${remote ?? ''}`;
    const now = Date.now();
    const last = this.seen.get(id);
    if (last !== undefined && now - last < REPEAT_MS) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.set(id, now);
    this.logger.info({ audit: 'scan.open', ...who(identity), ...(link ? { link: link.id } : {}), scan: scope.key, proposal: scope.proposal, session: scope.session, channel, remote }, 'scan opened');
  }

  denied(identity: Identity, fields: Record<string, unknown>, reason: string): void {
    this.logger.warn({ audit: 'access.denied', ...who(identity), ...fields, reason }, 'access denied');
  }

  event(event: string, fields: Record<string, unknown>, message: string): void {
    this.logger.info({ audit: event, ...fields }, message);
  }
}
