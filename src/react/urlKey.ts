import type { RelayUrls } from '../core';

/**
 * One string for a `url` prop (a relay, or a cluster's list), so an inline array that is equal
 * to the last render's does not restart the engine.
 * @internal
 */
export function urlKey(url: RelayUrls): string {
  return typeof url === 'string' ? url : url.join(' ');
}
