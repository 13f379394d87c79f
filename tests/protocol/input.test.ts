import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInput,
  decodeMessage,
  encodeInput,
  encodeMessage,
  Flag,
  type InputEvent,
  InputType,
  inputPayloadSize,
  inputTypeCode,
  isProtocolError,
  readHeader,
} from '../../src/internal';

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const i16 = fc.integer({ min: -32768, max: 32767 });
const f32 = fc.float({ noNaN: true }).map((v) => Math.fround(v));

const events: fc.Arbitrary<InputEvent> = fc.oneof(
  fc.record({ kind: fc.constantFrom('pointer', 'pointerdown', 'pointerup'), x: u16, y: u16, buttons: u8 }),
  fc.record({ kind: fc.constantFrom('keydown', 'keyup'), keyCode: u16, modifiers: u8 }),
  fc.record({ kind: fc.constantFrom('touch', 'touchend'), id: u8, x: u16, y: u16 }),
  fc.record({ kind: fc.constant('gamepadaxis'), axis: u8, value: f32 }),
  fc.record({ kind: fc.constant('gamepadbutton'), button: u8, pressed: fc.boolean(), value: f32 }),
  fc.record({ kind: fc.constant('midi'), status: u8, d1: u8, d2: u8 }),
  fc.record({ kind: fc.constant('scroll'), dx: i16, dy: i16 }),
  fc.record({ kind: fc.constant('resize'), width: u16, height: u16 }),
  fc.constant({ kind: 'keyframe-request' as const }),
  fc.record({
    kind: fc.constant('ack'),
    ackSeq: u16,
    echoTimestamp: fc.integer({ min: 0, max: 0xffffffff }),
    decodeMicros: fc.integer({ min: 0, max: 0xffffffff }),
    queueDepth: u16,
  }),
  fc
    .record({
      channels: fc.integer({ min: 1, max: 8 }),
      frames: fc.integer({ min: 1, max: 8 }),
      seq: fc.integer({ min: 0, max: 0xffffffff }),
    })
    .chain(({ channels, frames, seq }) =>
      fc.record({
        kind: fc.constant('bci'),
        channels: fc.constant(channels),
        seq: fc.constant(seq),
        sampleRate: fc.constantFrom(128, 250, 500, 1000),
        samples: fc.float32Array({
          minLength: channels * frames,
          maxLength: channels * frames,
          noNaN: true,
          noDefaultInfinity: true,
        }),
      }),
    ),
  fc.record({
    kind: fc.constant('voice'),
    codec: fc.constant(1 as const),
    start: fc.boolean(),
    end: fc.constant(true),
    seq: u16,
    sampleRate: fc.integer({ min: 8000, max: 96000 }),
    frames: u16,
    data: fc.uint8Array({ maxLength: 64 }),
  }),
) as fc.Arbitrary<InputEvent>;

describe('input events', () => {
  it('round-trip every kind (property)', () => {
    fc.assert(
      fc.property(events, u16, (ev, seq) => {
        const bytes = encodeInput(ev, seq, 1234);
        const msg = decodeMessage(bytes);
        expect(msg.header.flags).toBe(Flag.Input);
        expect(msg.header.seq).toBe(seq);
        expect(msg.header.width).toBe(0);
        expect(msg.header.height).toBe(0);
        expect(msg.header.type).toBe(inputTypeCode(ev.kind));
        expect(decodeInput(msg)).toEqual(ev);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['pointer', InputType.Pointer, 5],
    ['pointerdown', InputType.PointerDown, 5],
    ['pointerup', InputType.PointerUp, 5],
    ['keydown', InputType.KeyDown, 3],
    ['keyup', InputType.KeyUp, 3],
    ['touch', InputType.Touch, 5],
    ['touchend', InputType.TouchEnd, 5],
    ['gamepadaxis', InputType.GamepadAxis, 5],
    ['gamepadbutton', InputType.GamepadButton, 6],
    ['midi', InputType.Midi, 3],
    ['scroll', InputType.Scroll, 4],
    ['resize', InputType.Resize, 4],
    ['keyframe-request', InputType.KeyframeRequest, 0],
    ['ack', InputType.Ack, 12],
  ] as const)('%s is code 0x%s with a %i-byte payload', (kind, code, size) => {
    expect(inputTypeCode(kind)).toBe(code);
    expect(inputPayloadSize(kind)).toBe(size);
  });

  it('packs Pointer as x u16, y u16, buttons u8 little-endian', () => {
    const bytes = encodeInput({ kind: 'pointer', x: 0x0102, y: 0x0304, buttons: 5 });
    expect(Array.from(bytes.subarray(16))).toEqual([0x02, 0x01, 0x04, 0x03, 5]);
    expect(readHeader(bytes).payloadLength).toBe(5);
  });

  it('packs GamepadAxis as axis u8 then f32 LE', () => {
    const bytes = encodeInput({ kind: 'gamepadaxis', axis: 2, value: -1 });
    expect(Array.from(bytes.subarray(16))).toEqual([2, 0x00, 0x00, 0x80, 0xbf]);
  });

  it('clamps scroll deltas to i16', () => {
    const msg = decodeMessage(encodeInput({ kind: 'scroll', dx: 1e6, dy: -1e6 }));
    expect(decodeInput(msg)).toEqual({ kind: 'scroll', dx: 32767, dy: -32768 });
  });

  it('rejects a payload of the wrong size with SIZE_MISMATCH', () => {
    const bytes = encodeMessage(
      { type: InputType.Pointer, flags: Flag.Input, seq: 0, timestamp: 0, width: 0, height: 0 },
      new Uint8Array(4),
    );
    let err: unknown;
    try {
      decodeInput(decodeMessage(bytes));
    } catch (e) {
      err = e;
    }
    expect(isProtocolError(err, 'SIZE_MISMATCH')).toBe(true);
    expect((err as Error).message).toMatch(/pointer payload is 4 bytes, expected 5/);
  });

  it('rejects a frame passed as input with UNKNOWN_TYPE', () => {
    const bytes = encodeMessage({ type: 0x01, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 });
    expect(() => decodeInput(decodeMessage(bytes))).toThrow(/FLAG_INPUT clear/);
  });
});
