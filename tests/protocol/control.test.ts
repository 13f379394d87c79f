import {
  decodeInput,
  decodeMessage,
  decodeStreamStatus,
  encodeEnd,
  encodeKeyframeRequest,
  encodeMessage,
  encodePing,
  encodePong,
  encodeStreamStatus,
  FrameType,
  ProtocolError,
} from '@ds-stream/react/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const hex = (u8: Uint8Array): string => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join(' ');

describe('control messages', () => {
  it('Ping from a source: type 0xFE, flags 0, seq and timestamp LE, payload appended', () => {
    const ping = encodePing({ seq: 0x0102, timestamp: 0x0a0b0c0d }, new Uint8Array([0xaa, 0xbb]));
    expect(hex(ping)).toBe('fe 00 02 01 0d 0c 0b 0a 00 00 00 00 02 00 00 00 aa bb');
  });

  it('Ping from a receiver carries FLAG_INPUT', () => {
    const ping = encodePing({ seq: 1, timestamp: 2, input: true });
    expect(hex(ping)).toBe('fe 01 01 00 02 00 00 00 00 00 00 00 00 00 00 00');
  });

  it('Pong echoes seq, timestamp and payload with flags 0', () => {
    const ping = encodePing({ seq: 9, timestamp: 123456, input: true }, new Uint8Array([1, 2, 3]));
    const pong = decodeMessage(encodePong(decodeMessage(ping)));
    expect(pong.header).toMatchObject({ type: FrameType.Pong, flags: 0, seq: 9, timestamp: 123456 });
    expect(Array.from(pong.payload)).toEqual([1, 2, 3]);
  });

  it('Pong refuses a message that is not a Ping', () => {
    const end = decodeMessage(encodeEnd({ seq: 0, timestamp: 0 }));
    expect(() => encodePong(end)).toThrow(ProtocolError);
    expect(() => encodePong(end)).toThrow(/UNKNOWN_TYPE: .*expected Ping, got End/);
  });

  it('End is a bare 16-byte header of type 0xFF', () => {
    expect(hex(encodeEnd({ seq: 3, timestamp: 4 }))).toBe('ff 00 03 00 04 00 00 00 00 00 00 00 00 00 00 00');
  });

  it('StreamStatus: status byte then receivers u32 LE', () => {
    const msg = encodeStreamStatus('offline', { seq: 1, timestamp: 0 }, 0x01020304);
    expect(hex(msg)).toBe('50 00 01 00 00 00 00 00 00 00 00 00 05 00 00 00 00 04 03 02 01');
  });

  it.each(['offline', 'online', 'ended'] as const)('StreamStatus %s round-trips', (status) => {
    const msg = decodeMessage(encodeStreamStatus(status, { seq: 0, timestamp: 0 }, 32));
    expect(decodeStreamStatus(msg)).toEqual({ status, receivers: 32 });
  });

  it('StreamStatus decoding rejects wrong type, size and status code', () => {
    const header = { flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 };
    const wrongType = decodeMessage(encodeEnd({ seq: 0, timestamp: 0 }));
    const short = decodeMessage(
      encodeMessage({ type: FrameType.StreamStatus, ...header }, new Uint8Array([1])),
    );
    const badCode = decodeMessage(
      encodeMessage({ type: FrameType.StreamStatus, ...header }, new Uint8Array([7, 0, 0, 0, 0])),
    );
    expect(() => decodeStreamStatus(wrongType)).toThrow(expect.objectContaining({ code: 'UNKNOWN_TYPE' }));
    expect(() => decodeStreamStatus(short)).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(() => decodeStreamStatus(badCode)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });

  it('KeyframeRequest is input 0x70 with no payload and decodes as keyframe-request', () => {
    const req = encodeKeyframeRequest();
    expect(hex(req)).toBe('70 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
    expect(decodeInput(decodeMessage(req))).toEqual({ kind: 'keyframe-request' });
  });

  it('property: any receiver count and status round-trips; Pong echoes any Ping', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('offline' as const, 'online' as const, 'ended' as const),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.uint8Array({ maxLength: 64 }),
        (status, receivers, seq, payload) => {
          const info = decodeStreamStatus(
            decodeMessage(encodeStreamStatus(status, { seq, timestamp: 0 }, receivers)),
          );
          expect(info).toEqual({ status, receivers });
          const pong = decodeMessage(
            encodePong(decodeMessage(encodePing({ seq, timestamp: seq * 7 }, payload))),
          );
          expect(pong.header.seq).toBe(seq);
          expect(Array.from(pong.payload)).toEqual(Array.from(payload));
        },
      ),
    );
  });
});
