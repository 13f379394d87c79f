import { describe, expect, it } from 'vitest';
import { decodeCompressed, encodeCompressed, sniffImageMime } from '../../src/codec/index';
import { decodeMessage, encodeMessage, Flag, FrameType } from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 9, timestamp: 10 };
const PNG = hex`89504e470d0a1a0a 0000000d 49484452`;
const JPEG = hex`ffd8ffe0 0010 4a464946`;
const WEBP = hex`52494646 24000000 57454250 5650384c`;

describe('compressed pixels codec', () => {
  it.each([
    ['image/png', PNG],
    ['image/jpeg', JPEG],
    ['image/webp', WEBP],
  ] as const)('round-trips %s with FLAG_COMPRESSED | FLAG_KEYFRAME', (mime, bytes) => {
    const msg = encodeCompressed(bytes, 600, 400, meta);
    expect(msg.subarray(0, 16)).toEqual(hex`02 06 0900 0a000000 5802 9001 ${[bytes.length, 0, 0, 0]}`);
    const m = decodeMessage(msg);
    expect(m.header.flags).toBe(Flag.Compressed | Flag.Keyframe);
    const out = decodeCompressed(m);
    expect(out).toEqual({ width: 600, height: 400, mime, bytes });
    expect(out.bytes.buffer).toBe(msg.buffer);
  });

  it('sniffs only complete magic numbers', () => {
    expect(sniffImageMime(PNG.subarray(0, 7))).toBeNull();
    expect(sniffImageMime(hex`ffd8`)).toBeNull();
    expect(sniffImageMime(hex`52494646 24000000 41564920`)).toBeNull(); // RIFF AVI
    expect(sniffImageMime(hex`52494646 2400 `)).toBeNull();
    expect(sniffImageMime(new Uint8Array(0))).toBeNull();
  });

  it('refuses to wrap bytes that are not an image (BAD_PAYLOAD)', () => {
    expectProtocolError(
      () => encodeCompressed(hex`00010203`, 1, 1, meta),
      'BAD_PAYLOAD',
      /not WebP, PNG or JPEG/,
    );
    expectProtocolError(() => encodeCompressed(PNG, 1, -1, meta), 'BAD_PAYLOAD', /height/);
  });

  it('rejects an unknown payload format (BAD_PAYLOAD) and other types (UNKNOWN_TYPE)', () => {
    const bad = decodeMessage(
      encodeMessage(
        { type: FrameType.CompressedPixels, flags: 6, seq: 0, timestamp: 0, width: 1, height: 1 },
        hex`474946383961`,
      ),
    );
    expectProtocolError(() => decodeCompressed(bad), 'BAD_PAYLOAD', /not WebP, PNG or JPEG/);
    const pixels = decodeMessage(
      encodeMessage(
        { type: FrameType.Pixels, flags: 2, seq: 0, timestamp: 0, width: 1, height: 1 },
        PNG.subarray(0, 4),
      ),
    );
    expectProtocolError(
      () => decodeCompressed(pixels),
      'UNKNOWN_TYPE',
      /expected CompressedPixels, got Pixels/,
    );
  });
});
