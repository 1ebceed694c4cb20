/**
 * Access control on socket.io: the handshake is identified like an HTTP request (cookies, trusted proxy
 * headers, `auth.token`) and refused without an identity in protected mode; `scan:subscribe` passes the
 * policy; a viewer that may not see everything gets its scan list (and the kiosk its latest scan) filtered
 * here instead of joining the shared list rooms. A socket is disconnected when its login or link
 * expires, so that it reconnects with what is still valid.
 */
import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { Ack, ScanSummary } from '../../lib/wire/contract';
import type { LanternServer } from '../live/live-context';
import type { ScanIndex } from '../live/scan-index';
import type { Audit } from './audit';
import { LinkError, type Authenticator } from './authenticate';
import { canSee, isAuthenticated, type Identity } from './policy';
import type { ScanScopes } from './scopes';

const watchRequest = z.object({ session: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict();
/** Events a viewer who may not see everything can send (each checked above or harmless). */
const SCOPED_EVENTS = new Set(['scans:watch', 'scans:unwatch', 'scan:subscribe', 'scan:unsubscribe']);
/** setTimeout's longest delay; longer expiries are re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface ScopedWatcher {
  socket: Socket;
  identity: Identity;
  session: string | undefined;
}

class HandshakeError extends Error {
  readonly data: { type: string };
  constructor(message: string, type: string) {
    super(message);
    this.data = { type };
  }
}

export function identityOf(socket: Socket): Identity {
  return (socket.data as { identity: Identity }).identity;
}

export function installSocketAuth(io: LanternServer, deps: { auth: Authenticator; scopes: ScanScopes; index: ScanIndex; audit: Audit }): void {
  const { auth, scopes, index, audit } = deps;
  const watchers = new Map<string, ScopedWatcher>();

  io.use((socket, next) => {
    const raw = (socket.handshake.auth as { token?: unknown }).token;
    const token = typeof raw === 'string' && raw ? raw : null;
    auth.identify({ remoteAddress: socket.request.socket.remoteAddress ?? socket.handshake.address, headers: socket.request.headers, token }).then(
      ({ identity, droppedLink }) => {
        if (auth.config.access === 'protected' && !isAuthenticated(identity)) {
          next(droppedLink ? new HandshakeError(droppedLink.message, droppedLink.type) : new HandshakeError('sign in required: this Lantern is protected', 'Unauthorized'));
          return;
        }
        (socket.data as { identity: Identity }).identity = identity;
        next();
      },
      (error: unknown) => next(error instanceof LinkError ? new HandshakeError(error.message, error.type) : (error as Error)),
    );
  });

  const visibleTo = (identity: Identity) => (key: string) => {
    const scope = scopes.known(key);
    return scope !== undefined && canSee(identity, scope);
  };

  index.observe({
    updated(scans: ScanSummary[]) {
      for (const w of watchers.values()) {
        const visible = visibleTo(w.identity);
        const mine = scans.filter((s) => (w.session === undefined || s.session === w.session) && visible(s.key));
        if (mine.length) w.socket.emit('scans:update', mine);
      }
    },
    removed(keys: string[]) {
      for (const w of watchers.values()) {
        const mine = keys.filter(visibleTo(w.identity));
        if (mine.length) w.socket.emit('scans:removed', mine);
      }
    },
  });

  io.on('connection', (socket) => {
    const identity = identityOf(socket);
    const remote = auth.clientAddress(socket.request.socket.remoteAddress, socket.request.headers);
    let expiry: NodeJS.Timeout | null = null;
    if (identity.expiresAt !== null && Number.isFinite(identity.expiresAt)) {
      expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, identity.expiresAt - Date.now())));
    }
    socket.on('disconnect', () => {
      if (expiry) clearTimeout(expiry);
      watchers.delete(socket.id);
    });
    socket.use(([event, payload, ack], next) => {
      const reply = typeof ack === 'function' ? (ack as Ack<unknown>) : () => undefined;
      if (event === 'scan:subscribe') {
        const key = (payload as { key?: unknown } | null)?.key;
        if (typeof key !== 'string') return next(); // the handler explains what is wrong
        scopes.of(key).then(
          (scope) => {
            if (!scope) return next(); // no such scan: the handler's not-found
            if (!canSee(identity, scope)) {
              audit.denied(identity, { scan: key, channel: 'socket', remote }, 'scan out of scope');
              reply({ ok: false, code: 'forbidden', error: `scan ${key} is not in your proposals, sessions or share links` });
              return;
            }
            audit.opened(identity, scope, 'socket', remote);
            next();
          },
          (error: unknown) => reply({ ok: false, code: 'unavailable', error: `cannot check access to ${key}: ${(error as Error).message}` }),
        );
        return;
      }
      if (identity.all) return next();
      // A scoped viewer's list never reaches the shared handler (it would join the unfiltered rooms).
      if (event === 'scans:watch') {
        const parsed = watchRequest.safeParse(payload);
        if (!parsed.success) {
          reply({ ok: false, code: 'bad-request', error: parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') });
          return;
        }
        const { session, limit } = parsed.data;
        watchers.set(socket.id, { socket, identity, session });
        reply({ ok: true, value: { scans: index.list({ session, limit, visible: visibleTo(identity) }) } });
        return;
      }
      if (event === 'scans:unwatch') watchers.delete(socket.id);
      // Default deny: an event without a rule here may show any scan; only whole-Lantern identities get it.
      if (!SCOPED_EVENTS.has(String(event))) {
        reply({ ok: false, code: 'forbidden', error: `${String(event)} is only available to staff` });
        return;
      }
      next();
    });
  });
}
