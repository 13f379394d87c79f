// Compressed Pixels keyframes (FLAG_COMPRESSED, raw DEFLATE): the byte layout, lossless round
// trips, and refusal of every malformed payload, decompression bombs included.
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inflateExact } from '../../src/codec/deflate';
import {
  decodeFrame,
  decodeNeuralFrame,
  decodePixels,
  encodeNeuralFrame,
  PIXELS_DEFLATE_FORMAT,
} from '../../src/codec/index';
import { encodeDeflatedPixels } from '../../src/codec/pixels-deflate';
import { decodeMessage, Flag, FrameType, HEADER_SIZE, isPictureKeyframe } from '../../src/protocol/index';
import { atOffset, hex, le } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 0x1234, timestamp: 0x0a0b0c0d };

/** A Pixels message with FLAG_KEYFRAME | FLAG_COMPRESSED around `payload`. */
function compressed(w: number, h: number, payload: Uint8Array): Uint8Array {
  return hex`01 06 3412 0d0c0b0a ${le(w, 2)} ${le(h, 2)} ${le(payload.length, 4)} ${payload}`;
}

/** A picture with flat areas, gradients and noise, like a rendered UI with some texture. */
function picture(w: number, h: number, seed = 1): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  let s = seed;
  for (let i = 0; i < w * h; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const x = i % w;
    out.set(x < w / 2 ? [0x0f, 0x17, 0x2a, 0xff] : [x & 0xff, (i / w) & 0xff, s >>> 24, 0xff], i * 4);
  }
  return out;
}

describe('encodeDeflatedPixels', () => {
  it('writes the header, the 8-byte sub-header and a raw DEFLATE stream (byte vector, level 0)', () => {
    // Level 0 is one stored block: BFINAL=1 BTYPE=00, LEN 4, NLEN ~4, the bytes.
    expect(encodeDeflatedPixels(hex`01020304`, 1, 1, meta, 0)).toEqual(
      hex`01 06 3412 0d0c0b0a 0100 0100 11000000  01 000000 04000000  01 0400 fbff 01020304`,
    );
    expect(PIXELS_DEFLATE_FORMAT).toBe(1);
  });

  it('is a picture keyframe for the relay, and shrinks a rendered picture', () => {
    const rgba = picture(300, 200);
    const bytes = encodeDeflatedPixels(rgba, 300, 200, meta);
    const m = decodeMessage(bytes);
    expect(m.header.flags).toBe(Flag.Keyframe | Flag.Compressed);
    expect(isPictureKeyframe(m.header.type, m.header.flags)).toBe(true);
    expect(bytes.length).toBeLessThan(rgba.length * 0.8);
  });

  it('rejects a buffer that is not w*h*4 bytes and dimensions that are not u16', () => {
    expectProtocolError(() => encodeDeflatedPixels(new Uint8Array(15), 2, 2, meta), 'SIZE_MISMATCH');
    expectProtocolError(() => encodeDeflatedPixels(new Uint8Array(0), 65536, 0, meta), 'BAD_PAYLOAD');
  });
});

describe('decodePixels with FLAG_COMPRESSED', () => {
  it.each([0, 1, 6, 9] as const)('round-trips losslessly at level %s, into a buffer of its own', (level) => {
    const rgba = picture(97, 31, level + 3);
    const bytes = encodeDeflatedPixels(rgba, 97, 31, meta, level);
    const out = decodePixels(decodeMessage(bytes));
    expect(out.width).toBe(97);
    expect(out.height).toBe(31);
    expect(out.rgba).toEqual(rgba);
    expect(out.rgba.buffer).not.toBe(bytes.buffer);
  });

  it('round-trips incompressible noise, Uint8ClampedArray input, an unaligned message and 0x0', () => {
    const noise = new Uint8Array(64 * 64 * 4).map((_, i) => (Math.imul(i, 2654435761) >>> 13) & 0xff);
    expect(decodePixels(decodeMessage(encodeDeflatedPixels(noise, 64, 64, meta))).rgba).toEqual(noise);
    const clamped = new Uint8ClampedArray([9, 8, 7, 6]);
    const unaligned = atOffset(encodeDeflatedPixels(clamped, 1, 1, meta), 3);
    expect([...decodePixels(decodeMessage(unaligned)).rgba]).toEqual([9, 8, 7, 6]);
    expect(decodePixels(decodeMessage(encodeDeflatedPixels(new Uint8Array(0), 0, 0, meta))).rgba).toEqual(
      new Uint8Array(0),
    );
  });

  it('decodes through decodeFrame as kind pixels; NeuralFrame shares the layout', () => {
    const rgba = picture(8, 8);
    const f = decodeFrame(decodeMessage(encodeDeflatedPixels(rgba, 8, 8, meta)));
    expect(f.kind).toBe('pixels');
    if (f.kind === 'pixels') expect(f.rgba).toEqual(rgba);
    const neural = encodeNeuralFrame(rgba, 8, 8, meta);
    expect(decodeNeuralFrame(decodeMessage(neural)).rgba).toEqual(rgba);
    const squeezed = encodeDeflatedPixels(rgba, 8, 8, meta);
    squeezed[0] = FrameType.NeuralFrame;
    expect(decodeNeuralFrame(decodeMessage(squeezed)).rgba).toEqual(rgba);
  });

  it('checks raw_len against width x height x 4 before inflating anything (SIZE_MISMATCH)', () => {
    // The stream is garbage: were it inflated first, the error would be BAD_PAYLOAD.
    const m = decodeMessage(compressed(2, 2, hex`01 000000 ${le(17, 4)} ffffffff`));
    expectProtocolError(() => decodePixels(m), 'SIZE_MISMATCH', /raw_len is 17, width x height x 4 = 16/);
    const huge = decodeMessage(compressed(2, 2, hex`01 000000 ffffffff ffffffff`));
    expectProtocolError(() => decodePixels(huge), 'SIZE_MISMATCH', /raw_len is 4294967295/);
  });

  it('refuses a stream that inflates to fewer bytes than the picture (SIZE_MISMATCH)', () => {
    const short = deflateSync(new Uint8Array(12), { level: 1 });
    const m = decodeMessage(compressed(2, 2, hex`01 000000 ${le(16, 4)} ${short}`));
    expectProtocolError(() => decodePixels(m), 'SIZE_MISMATCH', /inflates to 12 bytes, 16 expected/);
  });

  it('refuses a decompression bomb after its first input step, without inflating the rest', () => {
    // 8 MiB of zeros in ~8 KB, claiming to be a 2x2 picture.
    const bomb = deflateSync(new Uint8Array(8 << 20), { level: 9 });
    expect(bomb.length).toBeGreaterThan(4096);
    const m = decodeMessage(compressed(2, 2, hex`01 000000 ${le(16, 4)} ${bomb}`));
    expectProtocolError(() => decodePixels(m), 'SIZE_MISMATCH', /more than the 16 bytes expected/);
    // How much of the stream was fed to the inflater: one 1 KiB step, not all of it.
    let fed = 0;
    class Recording extends Uint8Array {
      override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
        fed = Math.max(fed, Math.min(end ?? this.length, this.length));
        return new Uint8Array(this.buffer, this.byteOffset, this.length).subarray(begin, end);
      }
    }
    const data = new Recording(bomb.length);
    data.set(bomb);
    expectProtocolError(() => inflateExact(data, 16, 'bomb'), 'SIZE_MISMATCH');
    expect(fed).toBe(1024);
  });

  it.each([
    ['a payload shorter than its 8-byte header', hex`01 000000 1000`, /header alone is 8/],
    ['an unknown format', hex`02 000000 ${le(16, 4)} 0300`, /unknown compressed Pixels format 2/],
    ['an empty stream', hex`01 000000 ${le(16, 4)}`, /empty DEFLATE stream/],
    ['a reserved block type (BTYPE=11)', hex`01 000000 ${le(16, 4)} 07 00 00 00`, /DEFLATE/],
    ['a truncated stream', hex`01 000000 ${le(16, 4)} 01 1000 efff 0102`, /DEFLATE/],
  ])('refuses %s (BAD_PAYLOAD)', (_name, payload, pattern) => {
    expectProtocolError(() => decodePixels(decodeMessage(compressed(2, 2, payload))), 'BAD_PAYLOAD', pattern);
  });

  it('leaves an uncompressed Pixels frame a zero-copy view (FLAG_COMPRESSED clear)', () => {
    const bytes = hex`01 02 0000 00000000 0100 0100 04000000 05060708`;
    const out = decodePixels(decodeMessage(bytes));
    expect(out.rgba.buffer).toBe(bytes.buffer);
    expect(out.rgba.byteOffset).toBe(HEADER_SIZE);
  });
});
