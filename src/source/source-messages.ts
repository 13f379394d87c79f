import {
  type AckInput,
  decodeLayerReport,
  decodeRoster,
  decodeStreamStatus,
  Flag,
  FrameType,
  frameLayer,
  type LayerAssignment,
  type Message,
  type QualityLayer,
  type RosterInfo,
} from '../protocol/index';
import { type InputSink, isAck } from './input-sink';

/** What a message from the relay may touch in the source engine. @internal */
export interface SourceMessageHost {
  readonly input: InputSink;
  /** A keyframe was asked for: on `layer` (the relay, for a receiver switching to it), or 0 for every layer. */
  keyframe(layer: QualityLayer): void;
  /** An ACK, with the relay-stamped receiver id from its `width` field (0: none). */
  ack(ack: AckInput, receiver: number): void;
  rtt(ms: number): void;
  /** Milliseconds since the stream start (u32), the clock Ping timestamps use. */
  now(): number;
  receivers(count: number): void;
  /** The relay's Roster: who joined, left, or is connected (by relay id). */
  roster(roster: RosterInfo): void;
  /** The relay's LayerReport: every receiver's layer and why. */
  layers(entries: LayerAssignment[]): void;
}

/**
 * Handles one message the relay sent the source: receiver input (dispatched to the app's handlers;
 * keyframe requests, per layer, and ACKs also go to the engine), Pong (RTT), StreamStatus (receiver
 * count), Roster (receiver ids) and LayerReport (who is on which layer).
 * Throws `ProtocolError` for a malformed message.
 * @internal
 */
export function handleSourceMessage(message: Message, host: SourceMessageHost): void {
  const { header } = message;
  if (header.flags & Flag.Input) {
    const ev = host.input.dispatch(message);
    if (ev.kind === 'keyframe-request') host.keyframe(frameLayer(header.flags));
    else if (isAck(ev)) host.ack(ev, header.width);
  } else if (header.type === FrameType.Pong) {
    host.rtt((host.now() - header.timestamp) >>> 0);
  } else if (header.type === FrameType.StreamStatus) {
    host.receivers(decodeStreamStatus(message).receivers);
  } else if (header.type === FrameType.Roster) {
    host.roster(decodeRoster(message));
  } else if (header.type === FrameType.LayerReport) {
    host.layers(decodeLayerReport(message));
  }
}
