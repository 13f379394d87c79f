import { COMPOSITION_LAYER_NAME } from '../protocol/composition';
import { TransportError } from './errors';
import type { Role } from './types';

/**
 * A relay's base URL, or the relays of a cluster (docs/RELAY.md "Cluster"): the first is tried
 * first, the others in turn on each reconnect.
 * @public
 */
export type RelayUrls = string | readonly string[];

/**
 * The channel URL on each relay of `url`, first one first.
 * @throws TransportError `BAD_URL` for an empty list
 * @public
 */
export function channelUrls(
  url: RelayUrls,
  channel: string,
  role: Role,
  token?: string,
  layer?: string,
): [string, ...string[]] {
  const list = typeof url === 'string' ? [url] : url;
  if (list.length === 0) throw new TransportError('BAD_URL', 'an empty list of relay URLs');
  const [first, ...rest] = list.map((u) => channelUrl(u, channel, role, token, layer));
  return [first!, ...rest];
}

/**
 * Builds a channel URL: `${url}/${channel}?role=...[&token=...][&layer=...]`. Trailing slashes on
 * `url` are dropped and the channel and token are URL-encoded; `layer` names a composition layer.
 * @throws TransportError `BAD_URL` for a layer name that is not 1-32 of `A-Z a-z 0-9 _ -`
 * @example
 * ```ts
 * channelUrl('ws://127.0.0.1:9100', 'demo', 'receiver'); // 'ws://127.0.0.1:9100/demo?role=receiver'
 * ```
 * @public
 */
export function channelUrl(url: string, channel: string, role: Role, token?: string, layer?: string): string {
  if (layer !== undefined && !COMPOSITION_LAYER_NAME.test(layer)) {
    throw new TransportError(
      'BAD_URL',
      `composition layer ${JSON.stringify(layer)} is not 1-32 of A-Za-z0-9_-`,
    );
  }
  const base = url.replace(/\/+$/, '');
  const q = `role=${role}${token ? `&token=${encodeURIComponent(token)}` : ''}${layer ? `&layer=${layer}` : ''}`;
  return `${base}/${encodeURIComponent(channel)}?${q}`;
}
