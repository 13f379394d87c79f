import { createHmac, timingSafeEqual } from 'node:crypto';
import { RelayError } from './errors';

/** The two roles a peer can take on a channel. @public */
export type Role = 'source' | 'receiver';

function sign(secret: string, channel: string, role: Role, expirySeconds: number): string {
  return createHmac('sha256', secret).update(`${channel}:${role}:${expirySeconds}`).digest('base64url');
}

/**
 * Mints a token for `role` on `channel`, valid until `expiresAt` (a `Date` or milliseconds since
 * the epoch). The token is `<expiry seconds>.<base64url HMAC-SHA256 of "channel:role:expiry">`,
 * so a receiver token cannot open a source and a token for one channel fails on another.
 * @example
 * ```ts
 * const token = createToken(process.env.RELAY_SECRET!, 'demo', 'source', Date.now() + 3600_000);
 * new WebSocket(`ws://relay:9100/demo?role=source&token=${token}`);
 * ```
 * @public
 */
export function createToken(secret: string, channel: string, role: Role, expiresAt: Date | number): string {
  if (secret.length === 0) throw new TypeError('createToken: secret must not be empty');
  const ms = typeof expiresAt === 'number' ? expiresAt : expiresAt.getTime();
  if (!Number.isFinite(ms)) throw new TypeError('createToken: expiresAt must be a finite time');
  const expiry = Math.floor(ms / 1000);
  return `${expiry}.${sign(secret, channel, role, expiry)}`;
}

/**
 * Checks a token for `role` on `channel` at time `now` (ms since the epoch).
 * @throws RelayError `UNAUTHORIZED` with the reason (missing, malformed, expired, bad signature)
 * @public
 */
export function verifyToken(
  secret: string,
  token: string | null | undefined,
  channel: string,
  role: Role,
  now: number = Date.now(),
): void {
  if (!token) throw new RelayError('UNAUTHORIZED', `${role} token required`);
  const dot = token.indexOf('.');
  const expiryText = token.slice(0, dot);
  if (dot <= 0 || !/^\d{1,12}$/.test(expiryText)) throw new RelayError('UNAUTHORIZED', 'malformed token');
  const expiry = Number(expiryText);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(sign(secret, channel, role, expiry), 'base64url');
  // Compare first (constant time), then check expiry, so timing says nothing about the signature.
  const valid = given.length === expected.length && timingSafeEqual(given, expected);
  if (!valid) throw new RelayError('UNAUTHORIZED', `token is not valid for ${role} on this channel`);
  if (expiry * 1000 <= now) throw new RelayError('UNAUTHORIZED', 'token expired');
}
