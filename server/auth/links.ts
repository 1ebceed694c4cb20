/**
 * Signed share links: a JWT (HS256, `jose`) granting read access to one scan or one session until its
 * expiry. The token holds only its scope, an id for the audit log and its times. Several secrets may be
 * configured: the first signs, all verify (by key id), so removing a secret revokes every link it signed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { LinkGrant } from './policy';

const AUDIENCE = 'lantern:link';

export type LinkScope = { scan: string } | { session: string };

export class LinkError extends Error {
  constructor(
    readonly type: 'LinkExpired' | 'LinkInvalid',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = type;
  }
}

interface Key {
  kid: string;
  secret: Uint8Array;
}

const keyOf = (secret: string): Key => ({ kid: createHash('sha256').update(secret).digest('base64url').slice(0, 12), secret: new TextEncoder().encode(secret) });

export class LinkSigner {
  private readonly keys: Key[];

  constructor(secrets: readonly string[]) {
    if (!secrets.length) throw new Error('LinkSigner needs at least one secret');
    this.keys = secrets.map(keyOf);
  }

  async sign(scope: LinkScope, expiresInSeconds: number): Promise<{ token: string; id: string; expiresAt: Date }> {
    const key = this.keys[0]!;
    const id = randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const exp = now + expiresInSeconds;
    const claims: JWTPayload = 'scan' in scope ? { scan: scope.scan } : { ses: scope.session };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: key.kid }).setAudience(AUDIENCE).setJti(id).setIssuedAt(now).setExpirationTime(exp).sign(key.secret);
    return { token, id, expiresAt: new Date(exp * 1000) };
  }

  /** The grant of a token, or a LinkError saying why it is refused (expired, tampered, revoked). */
  async verify(token: string): Promise<LinkGrant> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, async (header) => {
        const key = this.keys.find((k) => k.kid === header.kid);
        if (!key) throw new LinkError('LinkInvalid', 'this share link is no longer valid: its signing key was retired (the link was revoked)');
        return key.secret;
      }, { audience: AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof LinkError) throw error;
      if (error instanceof errors.JWTExpired) {
        const exp = (error.payload.exp ?? 0) * 1000;
        throw new LinkError('LinkExpired', `this share link expired on ${new Date(exp).toISOString()}; ask for a new one`, { cause: error });
      }
      throw new LinkError('LinkInvalid', 'this share link is not valid (altered, truncated or not a Lantern link)', { cause: error });
    }
    const { jti, exp, scan, ses } = payload as JWTPayload & { scan?: unknown; ses?: unknown };
    if (typeof jti !== 'string' || typeof exp !== 'number' || (typeof scan === 'string') === (typeof ses === 'string')) {
      throw new LinkError('LinkInvalid', 'this share link is not valid (its scope is missing)');
    }
    return { id: jti, expiresAt: exp * 1000, ...(typeof scan === 'string' ? { scan } : { session: ses as string }) };
  }
}
