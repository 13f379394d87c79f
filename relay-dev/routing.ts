import {
  decodeMessage,
  encodePong,
  Flag,
  FrameType,
  frameFlagsError,
  HEADER_SIZE,
  InputType,
  isFrameType,
  isInputType,
  isRtcMessage,
  MAX_PING_PAYLOAD,
  ProtocolError,
  peekFlags,
  peekPayloadLength,
  peekType,
} from '../src/protocol/index';
import { placeLayer } from './composition/routing';
import type { RoutingContext } from './context';
import { RelayCloseCode } from './errors';
import { InputVerdict } from './input-budget';
import { routeLayerControl, routeReceiverLayerInput } from './layers/layer-routing';
import { RelayMetrics } from './metrics';
import type { Peer } from './peer';

const DROP_REASON = ['', 'messages', 'bytes', 'messages'] as const;

/**
 * Routes one message from a peer after reading only its header: the source's frames fan out,
 * receivers' input goes to the source, Pings are answered here. Anything malformed or outside
 * the peer's role closes that peer alone, with a reason.
 * @internal
 */
export function handleMessage(relay: RoutingContext, peer: Peer, data: Buffer, isBinary: boolean): void {
  peer.lastSeen = Date.now();
  // ws still delivers what was in flight after the relay closed a peer: it goes nowhere.
  if (peer.ws.readyState !== peer.ws.OPEN) return;
  if (!isBinary) {
    relay.kick(peer, RelayCloseCode.UnsupportedData, 'text messages are not supported; send binary', 'text');
    return;
  }
  const length = data.byteLength;
  if (length < HEADER_SIZE || HEADER_SIZE + peekPayloadLength(data) !== length) {
    const err =
      length < HEADER_SIZE
        ? new ProtocolError('TRUNCATED', `${length} bytes, header needs ${HEADER_SIZE}`)
        : new ProtocolError('LENGTH_MISMATCH', `16 + payload_len ${peekPayloadLength(data)} != ${length}`);
    relay.kick(peer, err.closeCode, err.message, 'malformed');
    return;
  }
  const type = peekType(data);
  const flags = peekFlags(data);
  const input = (flags & Flag.Input) !== 0;
  const metrics = relay.metricsRegistry;
  const slot = input ? RelayMetrics.input(type) : type;
  metrics.framesIn[slot]!++;
  metrics.bytesIn[slot]! += length;
  const budget = relay.inputBudget(peer);
  if (budget) {
    // Every receiver message costs the relay (and, for input, the source) work, so every one
    // is charged, Pings and KeyframeRequests included; the excess goes nowhere.
    const verdict = budget.take(length, performance.now());
    if (verdict !== InputVerdict.Pass) {
      metrics.inputDropped.inc({ reason: DROP_REASON[verdict] });
      if (verdict === InputVerdict.Abuse) {
        relay.kick(
          peer,
          RelayCloseCode.PolicyViolation,
          `input flood: over ${relay.options.inputDropLimit} messages dropped for the input budget`,
          'input_flood',
        );
      }
      return;
    }
  }
  if (isRtcMessage(type, flags)) {
    // WebRTC signalling ends at the relay (webrtc/); a relay without it ignores it.
    relay.webrtc?.signal(peer, data);
    return;
  }
  if (type === FrameType.Ping) {
    if (length - HEADER_SIZE > MAX_PING_PAYLOAD) {
      relay.kick(peer, 1009, `Ping payload over ${MAX_PING_PAYLOAD} bytes`, 'malformed');
    } else if (!peer.over(relay.options.maxBufferedBytes)) {
      // A peer that does not read gets no more echoes than any other frame would give it.
      peer.send(encodePong(decodeMessage(data, { maxPayload: MAX_PING_PAYLOAD })), FrameType.Pong);
    }
    return;
  }
  const channel = relay.store.get(peer.channel);
  if (!channel) return;
  if (peer.role === 'source') {
    if (input) {
      relay.kick(peer, RelayCloseCode.Forbidden, 'a source cannot send input messages', 'role');
    } else if (!isFrameType(type)) {
      const err = new ProtocolError('UNKNOWN_TYPE', `frame type 0x${type.toString(16)}`);
      relay.kick(peer, err.closeCode, err.message, 'malformed');
    } else if (
      type === FrameType.StreamStatus ||
      type === FrameType.Roster ||
      type === FrameType.Pong ||
      type === FrameType.LayerDirectory
    ) {
      relay.kick(
        peer,
        RelayCloseCode.Forbidden,
        'StreamStatus, Roster, LayerDirectory and Pong are sent by the relay only',
        'role',
      );
    } else if (type === FrameType.LayerPlacement) {
      placeLayer(relay, peer, data);
    } else {
      const flagsError = frameFlagsError(type, flags);
      if (flagsError !== null) {
        const err = new ProtocolError('BAD_PAYLOAD', flagsError);
        relay.kick(peer, err.closeCode, err.message, 'malformed');
      } else if (routeLayerControl(relay, peer, channel, data, type, flags)) {
        // LayerOffer consumed, or a frame on a layer not offered (the source was closed).
      } else {
        channel.publish(data, type, flags);
      }
    }
    return;
  }
  if (!input) {
    relay.kick(
      peer,
      RelayCloseCode.Forbidden,
      'receivers cannot publish frames (FLAG_INPUT missing)',
      'role',
    );
  } else if (!isInputType(type)) {
    const err = new ProtocolError('UNKNOWN_TYPE', `input type 0x${type.toString(16)}`);
    relay.kick(peer, err.closeCode, err.message, 'malformed');
  } else if (routeReceiverLayerInput(peer, channel, data, type)) {
    // Layered: a KeyframeRequest for its own layer, or an implausible ACK dropped and counted.
  } else if (type === InputType.KeyframeRequest) {
    channel.requestKeyframe();
  } else {
    // Input carries width = 0 on the wire; the relay stamps the sender's id there (LE u16) so
    // the source can tell receivers apart (per-receiver ACKs for the quality controller,
    // per-user input). The buffer is ours: ws hands each message its own.
    data[8] = peer.id & 0xff;
    data[9] = peer.id >>> 8;
    channel.toSource(data, type);
  }
}
