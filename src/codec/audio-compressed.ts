import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/** A decoded AudioCompressed frame: one Opus packet for the platform decoder. @public */
export interface AudioCompressed {
  /** Sample rate in Hz the packet decodes to (header width). */
  sampleRate: number;
  /** Channel count (header height). */
  channels: number;
  /** One Opus packet; a view into the message. */
  packet: Uint8Array;
}

/**
 * Wraps one Opus packet as an AudioCompressed frame (0x11): width carries the sample rate,
 * height the channel count.
 * @throws ProtocolError `BAD_PAYLOAD` (empty packet, rate or channels not in 1..65535)
 * @example
 * ```ts
 * encoder.output = (chunk) => { const b = new Uint8Array(chunk.byteLength); chunk.copyTo(b);
 *   ws.send(encodeAudioCompressed(b, 48000, 2, { seq, timestamp })); };
 * ```
 * @public
 */
export function encodeAudioCompressed(
  packet: Uint8Array,
  sampleRate: number,
  channels: number,
  meta: FrameMeta,
): Uint8Array {
  checkU16('sampleRate', sampleRate, 1);
  checkU16('channels', channels, 1);
  if (packet.length === 0) fail('BAD_PAYLOAD', 'an Opus packet has at least one byte');
  const out = allocMessage(
    frameHeader(FrameType.AudioCompressed, 0, meta, sampleRate, channels),
    packet.length,
  );
  out.set(packet, HEADER_SIZE);
  return out;
}

/**
 * Decodes an AudioCompressed frame.
 * @throws ProtocolError `UNKNOWN_TYPE` (not AudioCompressed), `BAD_PAYLOAD` (empty packet,
 * rate or channels 0)
 * @public
 */
export function decodeAudioCompressed(message: Message): AudioCompressed {
  expectFrame(message, FrameType.AudioCompressed);
  const { header, payload } = message;
  if (header.width === 0 || header.height === 0) {
    fail(
      'BAD_PAYLOAD',
      `AudioCompressed needs a sample rate and channels, got ${header.width} x ${header.height}`,
    );
  }
  if (payload.length === 0) fail('BAD_PAYLOAD', 'AudioCompressed payload is empty');
  return { sampleRate: header.width, channels: header.height, packet: payload };
}
