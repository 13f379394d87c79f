import { describe, expect, it } from 'vitest';
import {
  allocMessage,
  decodeMessage,
  encodeMessage,
  Flag,
  FrameType,
  InputType,
  isProtocolError,
  type ProtocolErrorCode,
} from '../../src/internal';

const init = { type: FrameType.Haptic, flags: 0, seq: 1, timestamp: 2, width: 0, height: 0 };

function codeOf(fn: () => unknown): ProtocolErrorCode | 'none' {
  try {
    fn();
    return 'none';
  } catch (e) {
    if (!isProtocolError(e)) throw e;
    return e.code;
  }
}

describe('decodeMessage', () => {
  it('returns a view of the payload, not a copy', () => {
    const msg = encodeMessage(init, new Uint8Array([1, 2, 3]));
    const { header, payload } = decodeMessage(msg);
    expect(header.payloadLength).toBe(3);
    expect(Array.from(payload)).toEqual([1, 2, 3]);
    expect(payload.buffer).toBe(msg.buffer);
    expect(payload.byteOffset).toBe(16);
  });

  it('allocMessage writes the header and leaves room for the payload', () => {
    const msg = allocMessage(init, 5);
    expect(msg.length).toBe(21);
    expect(decodeMessage(msg).payload.length).toBe(5);
  });

  it.each<[string, () => unknown, ProtocolErrorCode]>([
    ['empty', () => decodeMessage(new Uint8Array(0)), 'TRUNCATED'],
    [
      'short payload',
      () => decodeMessage(encodeMessage(init, new Uint8Array(4)).subarray(0, 18)),
      'TRUNCATED',
    ],
    [
      'trailing bytes',
      () => {
        const m = encodeMessage(init, new Uint8Array(4));
        const big = new Uint8Array(m.length + 1);
        big.set(m);
        return decodeMessage(big);
      },
      'LENGTH_MISMATCH',
    ],
    [
      'payload_len over the maximum',
      () => decodeMessage(encodeMessage(init, new Uint8Array(65)), { maxPayload: 64 }),
      'PAYLOAD_TOO_LARGE',
    ],
    ['unknown frame type', () => decodeMessage(encodeMessage({ ...init, type: 0x7a })), 'UNKNOWN_TYPE'],
    [
      'unknown input type',
      () => decodeMessage(encodeMessage({ ...init, type: 0x05, flags: Flag.Input })),
      'UNKNOWN_TYPE',
    ],
  ])('rejects %s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });

  it('checks the maximum before the length, so a huge claim never waits for bytes', () => {
    const m = encodeMessage(init);
    m[12] = 0xff;
    m[13] = 0xff;
    m[14] = 0xff;
    m[15] = 0xff;
    expect(codeOf(() => decodeMessage(m))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('accepts input types only with FLAG_INPUT', () => {
    const keyframeRequest = encodeMessage({ ...init, type: InputType.KeyframeRequest, flags: Flag.Input });
    expect(decodeMessage(keyframeRequest).header.type).toBe(0x70);
    expect(codeOf(() => decodeMessage(encodeMessage({ ...init, type: InputType.KeyframeRequest })))).toBe(
      'UNKNOWN_TYPE',
    );
  });

  it('ignores unknown flag bits', () => {
    const m = encodeMessage({ ...init, flags: 0xf0 });
    expect(decodeMessage(m).header.flags).toBe(0xf0);
  });
});
