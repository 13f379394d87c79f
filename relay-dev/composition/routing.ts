import { isProtocolError } from '../../src/protocol/index';
import type { RoutingContext } from '../context';
import { RelayError } from '../errors';
import type { Peer } from '../peer';

/**
 * Consumes a source's LayerPlacement (0x58): the directory keeps it and tells the base channel's
 * receivers; it is never forwarded. A malformed one closes the source with the decoder's close
 * code (1007), one from the source of a plain channel with 4403.
 * @internal
 */
export function placeLayer(relay: RoutingContext, peer: Peer, data: Uint8Array): void {
  try {
    relay.composition.place(peer, data);
  } catch (err) {
    if (isProtocolError(err)) relay.kick(peer, err.closeCode, err.message, 'malformed');
    else if (err instanceof RelayError) relay.kick(peer, err.closeCode, err.message, 'role');
    else throw err;
  }
}
