import type { ResolvedRelayOptions } from './options';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. @internal */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1'
  );
}

/**
 * The warning to give when the relay listens beyond this machine with no token secret (any
 * peer that can reach the port may then publish or watch any channel), or null.
 * @internal
 */
export function openDoorWarning(options: Pick<ResolvedRelayOptions, 'host' | 'tokenSecret'>): string | null {
  if (options.tokenSecret !== undefined || isLoopback(options.host)) return null;
  return (
    `listening on ${options.host} without a token secret: anyone who can reach this port can ` +
    'publish or watch any channel. Set --token-secret (or DS_STREAM_TOKEN_SECRET), or bind 127.0.0.1'
  );
}
