// The layer-specific part of per-message routing (routing.ts calls in here, so that file stays
// about roles and framing): a source's LayerOffer and layered frames, receivers' KeyframeRequests
// and ACKs on a layered channel.
import {
  decodeLayerOffer,
  decodeMessage,
  FrameType,
  frameLayer,
  InputType,
  isProtocolError,
  LAYER_NAMES,
} from '../../src/protocol/index';
import type { Channel } from '../channel';
import type { RoutingContext } from '../context';
import { RelayCloseCode } from '../errors';
import { type Peer, ReceiverPeer } from '../peer';

/**
 * A source's frame: consumes a LayerOffer (never forwarded), refuses a LayerReport (relay only,
 * 4403) and a frame on a layer the source did not offer (1007). True when the frame was handled
 * here and must not be published.
 * @internal
 */
export function routeLayerControl(
  relay: RoutingContext,
  peer: Peer,
  channel: Channel,
  data: Uint8Array,
  type: number,
  flags: number,
): boolean {
  if (type === FrameType.LayerOffer) {
    try {
      channel.layers.setOffer(decodeLayerOffer(decodeMessage(data, { maxPayload: 1 })));
      // Clustered: other relays route their receivers by the same offer.
      if (channel.source === peer) channel.hooks?.sourceFrame(data);
    } catch (err) {
      if (!isProtocolError(err)) throw err;
      relay.kick(peer, err.closeCode, err.message, 'malformed');
    }
    return true;
  }
  if (type === FrameType.LayerReport) {
    relay.kick(peer, RelayCloseCode.Forbidden, 'LayerReport is sent by the relay only', 'role');
    return true;
  }
  const layer = frameLayer(flags);
  if (layer !== 0 && !channel.layers.offers(layer)) {
    relay.kick(
      peer,
      1007,
      `a frame on the ${LAYER_NAMES[layer]} layer, which the source did not offer`,
      'malformed',
    );
    return true;
  }
  return false;
}

/**
 * A receiver's input on a layered channel: a KeyframeRequest asks for its own layer's keyframe
 * (its layer bits are ignored), and an ACK the relay finds implausible goes no further. True
 * when handled here.
 * @internal
 */
export function routeReceiverLayerInput(
  peer: Peer,
  channel: Channel,
  data: Uint8Array,
  type: number,
): boolean {
  if (!(peer instanceof ReceiverPeer) || !channel.layers.layered) return false;
  if (type === InputType.KeyframeRequest) return channel.layers.receiverKeyframeRequest(peer);
  if (type === InputType.Ack) return !channel.layers.acceptAck(peer, data);
  return false;
}
