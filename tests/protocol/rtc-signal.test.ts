import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeRtcHello,
  decodeRtcSignal,
  encodeMessage,
  encodeRtcHello,
  encodeRtcSignal,
  Flag,
  FrameType,
  InputType,
  isProtocolError,
  isRtcMessage,
  ProtocolError,
  type RtcSignal,
} from '../../src/protocol/index';

const meta = { seq: 3, timestamp: 9 };

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isProtocolError(e)) return e.code;
    throw e;
  }
  return 'none';
}

describe('RtcHello and RtcSignal', () => {
  it('RtcHello is frame 0x54 with a one-byte version', () => {
    const m = decodeMessage(encodeRtcHello(meta));
    expect(m.header.type).toBe(0x54);
    expect(m.payload).toEqual(Uint8Array.of(1));
    expect(decodeRtcHello(m)).toBe(1);
    expect(isRtcMessage(0x54, 0)).toBe(true);
  });

  const signals: RtcSignal[] = [
    { kind: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' },
    { kind: 'answer', sdp: 'v=0\r\n' },
    { kind: 'candidate', candidate: 'candidate:1 1 UDP 2122317823 127.0.0.1 5000 typ host', sdpMid: '0' },
    { kind: 'candidate', candidate: '', sdpMid: null },
    { kind: 'switched' },
  ];

  it.each(signals)('round-trips %o as frame 0x55 and as input 0x72', (s) => {
    const frame = decodeMessage(encodeRtcSignal(s, false, meta));
    expect(frame.header.type).toBe(FrameType.RtcSignal);
    expect(frame.header.flags).toBe(0);
    expect(decodeRtcSignal(frame)).toEqual(s);
    const input = decodeMessage(encodeRtcSignal(s, true, meta));
    expect(input.header.type).toBe(InputType.RtcSignal);
    expect(input.header.flags).toBe(Flag.Input);
    expect(decodeRtcSignal(input)).toEqual(s);
  });

  it('the kind byte leads the payload (0 offer, 1 answer, 2 candidate, 3 switched)', () => {
    expect(decodeMessage(encodeRtcSignal({ kind: 'switched' }, false, meta)).payload).toEqual(
      Uint8Array.of(3),
    );
    expect(decodeMessage(encodeRtcSignal({ kind: 'answer', sdp: 'v=0' }, false, meta)).payload[0]).toBe(1);
  });

  it('refuses malformed signalling with typed codes', () => {
    const raw = (payload: Uint8Array, type: number = FrameType.RtcSignal, flags = 0) =>
      decodeMessage(encodeMessage({ type, flags, seq: 0, timestamp: 0, width: 0, height: 0 }, payload));
    const text = (k: number, s: string) => Uint8Array.of(k, ...new TextEncoder().encode(s));
    expect(errorCode(() => decodeRtcSignal(raw(new Uint8Array(0))))).toBe('SIZE_MISMATCH');
    expect(errorCode(() => decodeRtcSignal(raw(Uint8Array.of(9))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(text(0, 'hello'))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(Uint8Array.of(1, 0xff, 0xfe))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(text(2, '{"candidate":1}'))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(text(2, 'nope'))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(text(3, 'x'))))).toBe('BAD_PAYLOAD');
    expect(errorCode(() => decodeRtcSignal(raw(Uint8Array.of(3), FrameType.Pixels)))).toBe('UNKNOWN_TYPE');
    expect(errorCode(() => decodeRtcHello(raw(Uint8Array.of(1, 2), FrameType.RtcHello)))).toBe(
      'SIZE_MISMATCH',
    );
    expect(() => encodeRtcSignal({ kind: 'offer', sdp: `v=0${'a'.repeat(70_000)}` }, false, meta)).toThrow(
      ProtocolError,
    );
  });
});
