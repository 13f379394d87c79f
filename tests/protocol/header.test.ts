import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEADER_SIZE,
  type Header,
  messageSize,
  ProtocolError,
  peekFlags,
  peekPayloadLength,
  peekSeq,
  peekTimestamp,
  peekType,
  readHeader,
  writeHeader,
} from '../../src/internal';

const hex = (s: string): Uint8Array =>
  new Uint8Array(
    s
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  );

describe('header', () => {
  // The vector from docs/PROTOCOL.md: a 600x400 DeltaPixels keyframe-less frame, seq 0x1234.
  const vector = hex('03 00 34 12 78 56 34 12 58 02 90 01 10 27 00 00');
  const decoded: Header = {
    type: 0x03,
    flags: 0,
    seq: 0x1234,
    timestamp: 0x12345678,
    width: 600,
    height: 400,
    payloadLength: 10_000,
  };

  it('reads little-endian fields at their offsets', () => {
    expect(readHeader(vector)).toEqual(decoded);
  });

  it('writes the same bytes', () => {
    const out = new Uint8Array(HEADER_SIZE);
    writeHeader(out, decoded);
    expect(out).toEqual(vector);
  });

  it('reads at an offset', () => {
    const padded = new Uint8Array(20);
    padded.set(vector, 3);
    expect(readHeader(padded, 3)).toEqual(decoded);
  });

  it('round-trips any field values', () => {
    fc.assert(
      fc.property(
        fc.record({
          type: fc.integer({ min: 0, max: 255 }),
          flags: fc.integer({ min: 0, max: 255 }),
          seq: fc.integer({ min: 0, max: 0xffff }),
          timestamp: fc.integer({ min: 0, max: 0xffffffff }),
          width: fc.integer({ min: 0, max: 0xffff }),
          height: fc.integer({ min: 0, max: 0xffff }),
          payloadLength: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        (h) => {
          const out = new Uint8Array(HEADER_SIZE);
          writeHeader(out, h);
          expect(readHeader(out)).toEqual(h);
          expect(peekType(out)).toBe(h.type);
          expect(peekFlags(out)).toBe(h.flags);
          expect(peekSeq(out)).toBe(h.seq);
          expect(peekTimestamp(out)).toBe(h.timestamp);
          expect(peekPayloadLength(out)).toBe(h.payloadLength);
        },
      ),
    );
  });

  it('wraps seq and timestamp to their wire width', () => {
    const out = new Uint8Array(HEADER_SIZE);
    writeHeader(out, { ...decoded, seq: 65536 + 7, timestamp: 2 ** 32 + 9 });
    expect(readHeader(out).seq).toBe(7);
    expect(readHeader(out).timestamp).toBe(9);
  });

  it('rejects a short buffer with TRUNCATED', () => {
    for (let n = 0; n < HEADER_SIZE; n++) {
      const err = (() => {
        try {
          readHeader(vector.subarray(0, n));
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe('TRUNCATED');
      expect((err as ProtocolError).closeCode).toBe(1002);
    }
    expect(peekPayloadLength(vector.subarray(0, 15))).toBe(-1);
    expect(peekTimestamp(vector.subarray(0, 7))).toBe(-1);
  });

  it('computes message size', () => {
    expect(messageSize(0)).toBe(16);
    expect(messageSize(600 * 400 * 4)).toBe(960_016);
  });
});
