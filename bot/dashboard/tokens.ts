// Signed dashboard credentials: the sign-in link from chat and the session cookie. Both are
// `<purpose>.<payload>.<HMAC-SHA256>` in base64url, bound to the caller's directory id and role;
// the purpose is signed too, so a link never passes as a cookie or the other way round. A link is
// single use: its id is recorded in the store when it is exchanged (DashboardAccess).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const DASHBOARD_ROLES = ['admin', 'helpdesk'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

const ClaimsSchema = z.object({
  /** Directory (AAD) object id of the caller. */
  sub: z.string().min(1).max(100),
  name: z.string().max(200),
  role: z.enum(DASHBOARD_ROLES),
  lang: z.enum(['en', 'de']),
  /** Expiry, epoch ms. */
  exp: z.number().int().positive(),
  /** Random id: the single-use key of a link. */
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
});
export type DashboardClaims = z.infer<typeof ClaimsSchema>;
export type Purpose = 'link' | 'session';

/** An expired credential still tells whose it was (its signature held), so a refusal can speak its language. */
export type Verified = { ok: true; claims: DashboardClaims } | { ok: false; reason: 'malformed' | 'signature' } | { ok: false; reason: 'expired'; claims: DashboardClaims };

/** A new random secret (for a store without one). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export class DashboardSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the dashboard secret must be at least 32 characters');
    this.key = Buffer.from(secret, 'utf8');
  }

  sign(purpose: Purpose, claims: Omit<DashboardClaims, 'jti'> & { jti?: string }): string {
    const full = ClaimsSchema.parse({ ...claims, jti: claims.jti ?? randomBytes(18).toString('base64url') });
    const body = `${purpose}.${Buffer.from(JSON.stringify(full)).toString('base64url')}`;
    return `${body}.${this.mac(body)}`;
  }

  verify(purpose: Purpose, token: string | undefined, now: number): Verified {
    if (!token || token.length > 2048) return { ok: false, reason: 'malformed' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== purpose) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    let claims: DashboardClaims;
    try {
      const parsed = ClaimsSchema.safeParse(JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')));
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      claims = parsed.data;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (claims.exp <= now) return { ok: false, reason: 'expired', claims };
    return { ok: true, claims };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

export function isDashboardRole(role: string): role is DashboardRole {
  return (DASHBOARD_ROLES as readonly string[]).includes(role);
}
