import { describe, expect, it } from 'vitest';
import { decodePixels, encodePixels } from '../../src/codec/index';
import { decodeMessage, Flag, FrameType, HEADER_SIZE } from '../../src/protocol/index';
import { atOffset, hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 0x1234, timestamp: 0x0a0b0c0d };

describe('encodePixels', () => {
  it('writes the header and the RGBA payload in one message (byte vector)', () => {
    const rgba = hex`ff000080 00ff00ff`;
    expect(encodePixels(rgba, 2, 1, meta)).toEqual(
      hex`01 02 3412 0d0c0b0a 0200 0100 08000000  ff000080 00ff00ff`,
    );
  });

  it('accepts Uint8ClampedArray (ImageData.data)', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 4]);
    const m = decodeMessage(encodePixels(rgba, 1, 1, meta));
    expect(m.header.flags).toBe(Flag.Keyframe);
    expect([...m.payload]).toEqual([1, 2, 3, 4]);
  });

  it('rejects a buffer that is not w*h*4 bytes', () => {
    expectProtocolError(() => encodePixels(new Uint8Array(15), 2, 2, meta), 'SIZE_MISMATCH', /2x2x4 = 16/);
  });

  it.each([
    [-1, 1],
    [1.5, 1],
    [65536, 1],
    [1, Number.NaN],
  ])('rejects dimensions %s x %s that are not u16', (w, h) => {
    expectProtocolError(
      () => encodePixels(new Uint8Array(0), w, h, meta),
      'BAD_PAYLOAD',
      /must be an integer/,
    );
  });
});

describe('decodePixels', () => {
  it('round-trips and returns a zero-copy view', () => {
    const rgba = new Uint8Array(3 * 2 * 4).map((_, i) => i * 7);
    const bytes = encodePixels(rgba, 3, 2, meta);
    const out = decodePixels(decodeMessage(bytes));
    expect(out.width).toBe(3);
    expect(out.height).toBe(2);
    expect(out.rgba).toEqual(rgba);
    expect(out.rgba.buffer).toBe(bytes.buffer);
    expect(out.rgba.byteOffset).toBe(HEADER_SIZE);
  });

  it('works on an unaligned message', () => {
    const bytes = atOffset(encodePixels(new Uint8Array(4).fill(9), 1, 1, meta), 3);
    expect([...decodePixels(decodeMessage(bytes)).rgba]).toEqual([9, 9, 9, 9]);
  });

  it('handles an empty 0x0 picture', () => {
    expect(decodePixels(decodeMessage(encodePixels(new Uint8Array(0), 0, 0, meta))).rgba.length).toBe(0);
  });

  it('rejects a payload that is not w*h*4 (SIZE_MISMATCH)', () => {
    const m = decodeMessage(hex`01 02 0000 00000000 0200 0200 04000000 01020304`);
    expectProtocolError(() => decodePixels(m), 'SIZE_MISMATCH', /2x2x4 = 16/);
  });

  it('rejects another frame type or an input message (UNKNOWN_TYPE)', () => {
    const delta = decodeMessage(hex`03 00 0000 00000000 0000 0000 00000000`);
    expectProtocolError(() => decodePixels(delta), 'UNKNOWN_TYPE', /expected Pixels, got DeltaPixels/);
    const input = decodeMessage(hex`01 01 0000 00000000 0000 0000 05000000 0100 0200 01`);
    expectProtocolError(() => decodePixels(input), 'UNKNOWN_TYPE', /input message/);
    expect(FrameType.Pixels).toBe(1);
  });
});
