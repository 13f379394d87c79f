import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAudioPcm, encodeAudioPcm } from '../../src/codec/index';
import { decodeMessage, encodeMessage, FrameType } from '../../src/protocol/index';
import { atOffset, hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 3, timestamp: 4 };
const pcm = (rate: number, channels: number, payload: Uint8Array) =>
  decodeMessage(
    encodeMessage(
      { type: FrameType.AudioPcm, flags: 0, seq: 0, timestamp: 0, width: rate, height: channels },
      payload,
    ),
  );

describe('audio PCM codec', () => {
  it('writes rate in width, channels in height, Float32 LE samples (byte vector)', () => {
    expect(encodeAudioPcm(new Float32Array([1, -0.5]), 48000, 2, meta)).toEqual(
      hex`10 00 0300 04000000 80bb 0200 08000000 0000803f 000000bf`,
    );
  });

  it('round-trips samples (fast-check), as a zero-copy view when aligned', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 64 }), (channels, frames) => {
        const samples = Float32Array.from({ length: channels * frames }, (_, i) =>
          Math.fround(Math.sin(i) * 0.9),
        );
        const bytes = encodeAudioPcm(samples, 44100, channels, meta);
        const out = decodeAudioPcm(decodeMessage(bytes));
        expect(out).toEqual({ sampleRate: 44100, channels, samples });
        expect(out.samples.buffer).toBe(bytes.buffer);
      }),
    );
  });

  it('copies when the payload is not 4-byte aligned', () => {
    const samples = new Float32Array([0.25, -1, 3.5]);
    const bytes = atOffset(encodeAudioPcm(samples, 8000, 1, meta), 1);
    const out = decodeAudioPcm(decodeMessage(bytes));
    expect(out.samples).toEqual(samples);
    expect(out.samples.buffer).not.toBe(bytes.buffer);
  });

  it('encodes a subarray of a larger Float32Array', () => {
    const all = new Float32Array([9, 1, 2, 9]);
    expect(decodeAudioPcm(decodeMessage(encodeAudioPcm(all.subarray(1, 3), 8000, 2, meta))).samples).toEqual(
      new Float32Array([1, 2]),
    );
  });

  it.each([
    [6, 2, /not a multiple of 4 x 2/],
    [12, 2, /not a multiple of 4 x 2/],
    [3, 1, /not a multiple of 4 x 1/],
  ])('rejects a %s-byte payload for %s channels (SIZE_MISMATCH)', (len, channels, pattern) => {
    expectProtocolError(
      () => decodeAudioPcm(pcm(48000, channels, new Uint8Array(len))),
      'SIZE_MISMATCH',
      pattern,
    );
  });

  it('rejects zero rate or channels (BAD_PAYLOAD) and other types (UNKNOWN_TYPE)', () => {
    expectProtocolError(() => decodeAudioPcm(pcm(0, 1, new Uint8Array(4))), 'BAD_PAYLOAD', /sample rate/);
    expectProtocolError(() => decodeAudioPcm(pcm(48000, 0, new Uint8Array(0))), 'BAD_PAYLOAD');
    const other = decodeMessage(
      encodeMessage(
        { type: FrameType.AudioCompressed, flags: 0, seq: 0, timestamp: 0, width: 1, height: 1 },
        new Uint8Array(4),
      ),
    );
    expectProtocolError(() => decodeAudioPcm(other), 'UNKNOWN_TYPE', /expected AudioPcm/);
  });

  it('refuses to encode bad arguments', () => {
    expectProtocolError(
      () => encodeAudioPcm(new Float32Array(3), 48000, 2, meta),
      'SIZE_MISMATCH',
      /3 samples/,
    );
    expectProtocolError(
      () => encodeAudioPcm(new Float32Array(2), 96000, 2, meta),
      'BAD_PAYLOAD',
      /sampleRate/,
    );
    expectProtocolError(() => encodeAudioPcm(new Float32Array(2), 48000, 0, meta), 'BAD_PAYLOAD', /channels/);
  });
});
