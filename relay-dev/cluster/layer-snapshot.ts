import type { LayerId } from '../../src/protocol/index';
import type { ChannelState } from '../channel-state';
import { packSnapshot } from './state-snapshot';

/** The snapshot's own prefix: relay, lastId, chained. */
const PREFIX = 9;

const bytes = (ms: readonly Uint8Array[]): number => ms.reduce((n, m) => n + m.byteLength, 0);

/**
 * A layered channel's snapshot: the source's LayerOffer first (a relay routes its receivers by
 * it), then each offered layer's current picture, best layer first (keyframe + delta log, or the
 * signal resync). Over `limit`: the delta logs go first (not chained), then the worst layers;
 * the offer alone always fits, so a late joiner's relay can still place it and ask for keyframes.
 * @internal
 */
export function encodeLayeredSnapshot(
  offer: Uint8Array,
  layers: readonly (readonly [LayerId, ChannelState])[],
  relay: number,
  lastId: number,
  limit: number,
): Uint8Array {
  let chained = true;
  const full: Uint8Array[][] = [];
  const keys: Uint8Array[][] = [];
  for (const [id, state] of layers) {
    if (id === 3) {
      const resync = state.signalResync() ?? [];
      full.push([...resync]);
      keys.push([...resync]);
      continue;
    }
    if (state.keyframe === null) continue;
    if (state.deltas === null) chained = false;
    full.push([state.keyframe, ...(state.deltas ?? [])]);
    keys.push([state.keyframe]);
  }
  let parts = full;
  const size = (ps: Uint8Array[][]): number => PREFIX + offer.byteLength + bytes(ps.flat());
  if (size(parts) > limit) {
    chained = false;
    parts = keys;
    while (parts.length > 0 && size(parts) > limit) parts = parts.slice(0, -1);
  }
  return packSnapshot(relay, lastId, chained, [offer, ...parts.flat()]);
}
