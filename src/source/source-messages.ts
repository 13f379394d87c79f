import {
  type AckInput,
  decodeRoster,
  decodeStreamStatus,
  Flag,
  FrameType,
  type Message,
  type RosterInfo,
} from '../protocol/index';
import { type InputSink, isAck } from './input-sink';

/** What a message from the relay may touch in the source engine. @internal */
export interface SourceMessageHost {
  readonly input: InputSink;
  /** A receiver asked for a keyframe. */
  keyframe(): void;
  /** An ACK, with the relay-stamped receiver id from its `width` field (0: none). */
  ack(ack: AckInput, receiver: number): void;
  rtt(ms: number): void;
  /** Milliseconds since the stream start (u32), the clock Ping timestamps use. */
  now(): number;
  receivers(count: number): void;
  /** The relay's Roster: who joined, left, or is connected (by relay id). */
  roster(roster: RosterInfo): void;
}

/**
 * Handles one message the relay sent the source: receiver input (dispatched to the app's handlers;
 * keyframe requests and ACKs also go to the engine), Pong (RTT), StreamStatus (receiver count) and Roster (receiver ids).
 * Throws `ProtocolError` for a malformed message.
 * @internal
 */
export function handleSourceMessage(message: Message, host: SourceMessageHost): void {
  const { header } = message;
  if (header.flags & Flag.Input) {
    const ev = host.input.dispatch(message);
    if (ev.kind === 'keyframe-request') host.keyframe();
    else if (isAck(ev)) host.ack(ev, header.width);
  } else if (header.type === FrameType.Pong) {
    host.rtt((host.now() - header.timestamp) >>> 0);
  } else if (header.type === FrameType.StreamStatus) {
    host.receivers(decodeStreamStatus(message).receivers);
  } else if (header.type === FrameType.Roster) {
    host.roster(decodeRoster(message));
  }
}
