import type { Role } from './types';

/**
 * Builds a channel URL: `${url}/${channel}?role=...[&token=...]`. Trailing slashes on `url`
 * are dropped and the channel and token are URL-encoded.
 * @example
 * ```ts
 * channelUrl('ws://127.0.0.1:9100', 'demo', 'receiver'); // 'ws://127.0.0.1:9100/demo?role=receiver'
 * ```
 * @public
 */
export function channelUrl(url: string, channel: string, role: Role, token?: string): string {
  const base = url.replace(/\/+$/, '');
  const q = `role=${role}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
  return `${base}/${encodeURIComponent(channel)}?${q}`;
}
