import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { checkU16, expectFrame, type FrameMeta, frameHeader, LITTLE_ENDIAN_HOST } from './frame-meta';

/** A decoded block of PCM audio. @public */
export interface AudioPcm {
  /** Samples per second per channel (header width). */
  sampleRate: number;
  /** Interleaved channels (header height). */
  channels: number;
  /** Interleaved samples; a view of the payload when it is 4-byte aligned, else a copy. */
  samples: Float32Array;
}

/**
 * Encodes interleaved Float32 samples as an AudioPcm frame (0x10): width carries the sample
 * rate, height the channel count, the payload Float32 LE.
 * @throws ProtocolError `BAD_PAYLOAD` (rate or channels not in 1..65535), `SIZE_MISMATCH`
 * (sample count not a multiple of `channels`)
 * @example
 * ```ts
 * ws.send(encodeAudioPcm(block, 48000, 2, { seq, timestamp }));
 * ```
 * @public
 */
export function encodeAudioPcm(
  samples: Float32Array,
  sampleRate: number,
  channels: number,
  meta: FrameMeta,
): Uint8Array {
  checkU16('sampleRate', sampleRate, 1);
  checkU16('channels', channels, 1);
  if (samples.length % channels !== 0) {
    fail('SIZE_MISMATCH', `${samples.length} samples do not split into ${channels} channels`);
  }
  const bytes = samples.length * 4;
  const out = allocMessage(frameHeader(FrameType.AudioPcm, 0, meta, sampleRate, channels), bytes);
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, bytes), HEADER_SIZE);
  } else {
    const view = new DataView(out.buffer, out.byteOffset + HEADER_SIZE, bytes);
    for (let i = 0; i < samples.length; i++) view.setFloat32(i * 4, samples[i]!, true);
  }
  return out;
}

/**
 * Decodes an AudioPcm frame.
 * @throws ProtocolError `UNKNOWN_TYPE` (not AudioPcm), `BAD_PAYLOAD` (rate or channels 0),
 * `SIZE_MISMATCH` (payload not a whole number of 4-byte samples per channel)
 * @public
 */
export function decodeAudioPcm(message: Message): AudioPcm {
  expectFrame(message, FrameType.AudioPcm);
  const { header, payload } = message;
  const sampleRate = header.width;
  const channels = header.height;
  if (sampleRate === 0 || channels === 0) {
    fail('BAD_PAYLOAD', `AudioPcm needs a sample rate and channels, got ${sampleRate} Hz x ${channels}`);
  }
  if (payload.length % (4 * channels) !== 0) {
    fail('SIZE_MISMATCH', `AudioPcm payload ${payload.length} bytes is not a multiple of 4 x ${channels}`);
  }
  const count = payload.length / 4;
  let samples: Float32Array;
  if (LITTLE_ENDIAN_HOST && payload.byteOffset % 4 === 0) {
    samples = new Float32Array(payload.buffer, payload.byteOffset, count);
  } else if (LITTLE_ENDIAN_HOST) {
    samples = new Float32Array(count);
    new Uint8Array(samples.buffer, 0, payload.length).set(payload);
  } else {
    samples = new Float32Array(count);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
    for (let i = 0; i < count; i++) samples[i] = view.getFloat32(i * 4, true);
  }
  return { sampleRate, channels, samples };
}
