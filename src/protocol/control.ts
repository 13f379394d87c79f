/**
 * Control messages: Ping/Pong keep-alive, End, the relay's StreamStatus and KeyframeRequest.
 * They live in the protocol layer because the relay may import nothing else; byte tables are
 * in docs/RELAY.md.
 */
import { Flag, FrameType, frameTypeName, HEADER_SIZE, InputType } from './constants';
import { fail } from './errors';
import { u32 } from './header';
import { allocMessage, encodeMessage } from './message';
import type { Message } from './types';

/** Sequence number and timestamp a sender stamps on a control message. @public */
export interface ControlMeta {
  /** Per-sender sequence number (wraps at 65536). */
  seq: number;
  /** Milliseconds since the sender's stream start (wraps at 2^32). */
  timestamp: number;
}

/** Options of {@link encodePing}. @public */
export interface PingMeta extends ControlMeta {
  /**
   * Set `FLAG_INPUT`: receivers send every message as input, including Ping.
   * @defaultValue false
   */
  input?: boolean;
}

/** What a StreamStatus tells a peer about the channel's source. @public */
export type StreamStatusKind = 'offline' | 'online' | 'ended';

/** Wire values of {@link StreamStatusKind} (payload byte 0 of a StreamStatus). @public */
export const StreamStatusCode: { readonly offline: 0; readonly online: 1; readonly ended: 2 } = {
  offline: 0,
  online: 1,
  ended: 2,
};

/** A decoded StreamStatus. @public */
export interface StreamStatusInfo {
  /** Whether the channel's source is connected, gone, or ended the stream. */
  status: StreamStatusKind;
  /** Receivers connected to the channel when the relay sent it. */
  receivers: number;
}

/** Payload bytes of a StreamStatus: status u8, receivers u32 LE. @internal */
export const STREAM_STATUS_PAYLOAD_SIZE = 5;

/**
 * Largest Ping payload a relay echoes (bytes). A Ping is a probe, not a carrier: the cap keeps
 * a peer from making the relay buffer large echoes for it.
 * @internal
 */
export const MAX_PING_PAYLOAD = 64;

const STATUS_BY_CODE: readonly StreamStatusKind[] = ['offline', 'online', 'ended'];

/**
 * Encodes a Ping (0xFE). The answering Pong echoes its seq, timestamp and payload, so the
 * sender measures round-trip time from the echoed timestamp.
 * @example
 * ```ts
 * ws.send(encodePing({ seq: 7, timestamp: Math.round(performance.now()), input: true }));
 * ```
 * @public
 */
export function encodePing(meta: PingMeta, payload?: Uint8Array): Uint8Array {
  const flags = meta.input ? Flag.Input : 0;
  return encodeMessage(
    { type: FrameType.Ping, flags, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    payload,
  );
}

/**
 * Builds the Pong (0xFD) answering `ping`: same seq, timestamp and payload, flags 0.
 * @throws ProtocolError `UNKNOWN_TYPE` when `ping` is not a Ping
 * @public
 */
export function encodePong(ping: Message): Uint8Array {
  const { header, payload } = ping;
  if (header.type !== FrameType.Ping)
    fail('UNKNOWN_TYPE', `expected Ping, got ${frameTypeName(header.type)}`);
  return encodeMessage(
    { type: FrameType.Pong, flags: 0, seq: header.seq, timestamp: header.timestamp, width: 0, height: 0 },
    payload,
  );
}

/**
 * Encodes End (0xFF, no payload): the source ends the stream; the relay forwards it.
 * @public
 */
export function encodeEnd(meta: ControlMeta): Uint8Array {
  return allocMessage(
    { type: FrameType.End, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    0,
  );
}

/**
 * Encodes a StreamStatus (0x50), sent by the relay: to receivers when the source comes, goes
 * or ends, and to the source when the receiver count changes.
 * @public
 */
export function encodeStreamStatus(status: StreamStatusKind, meta: ControlMeta, receivers = 0): Uint8Array {
  const out = allocMessage(
    { type: FrameType.StreamStatus, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    STREAM_STATUS_PAYLOAD_SIZE,
  );
  const n = Math.max(0, Math.min(0xffffffff, Math.floor(receivers)));
  out[HEADER_SIZE] = StreamStatusCode[status];
  out[HEADER_SIZE + 1] = n & 0xff;
  out[HEADER_SIZE + 2] = (n >>> 8) & 0xff;
  out[HEADER_SIZE + 3] = (n >>> 16) & 0xff;
  out[HEADER_SIZE + 4] = (n >>> 24) & 0xff;
  return out;
}

/**
 * Decodes a StreamStatus message.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a StreamStatus), `SIZE_MISMATCH` (payload not 5
 * bytes), `BAD_PAYLOAD` (unknown status byte)
 * @public
 */
export function decodeStreamStatus(message: Message): StreamStatusInfo {
  const { header, payload } = message;
  if (header.type !== FrameType.StreamStatus || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected StreamStatus, got ${frameTypeName(header.type)}`);
  }
  if (payload.length !== STREAM_STATUS_PAYLOAD_SIZE) {
    fail(
      'SIZE_MISMATCH',
      `StreamStatus payload is ${payload.length} bytes, expected ${STREAM_STATUS_PAYLOAD_SIZE}`,
    );
  }
  const status = STATUS_BY_CODE[payload[0]!];
  if (status === undefined) fail('BAD_PAYLOAD', `unknown StreamStatus code ${payload[0]}`);
  const receivers = u32(payload, 1);
  return { status, receivers };
}

/**
 * Encodes a KeyframeRequest (input 0x70, FLAG_INPUT, no payload). Receivers send it, and the
 * relay sends it to a source when a receiver must resynchronise; the source answers with a
 * keyframe as its next picture frame.
 * @public
 */
export function encodeKeyframeRequest(meta: ControlMeta = { seq: 0, timestamp: 0 }): Uint8Array {
  return allocMessage(
    {
      type: InputType.KeyframeRequest,
      flags: Flag.Input,
      seq: meta.seq,
      timestamp: meta.timestamp,
      width: 0,
      height: 0,
    },
    0,
  );
}
