// BciInput (0x90): a block of biosignal samples; layout and hostile payloads.
import {
  type BciInput,
  decodeInput,
  decodeMessage,
  encodeInput,
  InputType,
  isProtocolError,
} from '@ds-stream/react/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code, rawInput } from './input-fixture';

const raw = (payload: Uint8Array) => rawInput(InputType.BciInput, payload);
const block = (channels: number, flags: number, rate: number, frames: number, samples: number[]) => {
  const b = new Uint8Array(12 + 4 * samples.length);
  const v = new DataView(b.buffer);
  b[0] = channels;
  b[1] = flags;
  v.setUint32(2, 5, true);
  v.setFloat32(6, rate, true);
  v.setUint16(10, frames, true);
  for (const [i, s] of samples.entries()) v.setFloat32(12 + 4 * i, s, true);
  return b;
};

describe('BciInput', () => {
  it('is channels u8, flags u8, seq u32, rate f32, frames u16, then f32 samples frame-major', () => {
    const ev: BciInput = {
      kind: 'bci',
      channels: 2,
      seq: 0x01020304,
      sampleRate: 250,
      samples: Float32Array.of(1, 2, 3, 4, 5, 6),
    };
    const bytes = encodeInput(ev);
    expect(bytes[0]).toBe(0x90);
    const p = bytes.subarray(16);
    const v = new DataView(p.buffer, p.byteOffset, p.length);
    expect([p[0], p[1], v.getUint32(2, true), v.getFloat32(6, true), v.getUint16(10, true)]).toEqual([
      2, 0, 0x01020304, 250, 3,
    ]);
    expect(v.getFloat32(12 + 4 * 3, true)).toBe(4);
    expect(decodeInput(decodeMessage(bytes))).toEqual(ev);
  });

  it.each([
    ['shorter than its header', new Uint8Array(11), 'BAD_PAYLOAD'],
    ['zero channels', block(0, 0, 250, 1, []), 'BAD_PAYLOAD'],
    ['65 channels', block(65, 0, 250, 1, new Array(65).fill(0)), 'BAD_PAYLOAD'],
    ['reserved flags', block(1, 1, 250, 1, [0]), 'BAD_PAYLOAD'],
    ['a NaN rate', block(1, 0, Number.NaN, 1, [0]), 'BAD_PAYLOAD'],
    ['a zero rate', block(1, 0, 0, 1, [0]), 'BAD_PAYLOAD'],
    ['a rate over 100 kHz', block(1, 0, 200000, 1, [0]), 'BAD_PAYLOAD'],
    ['zero frames', block(1, 0, 250, 0, []), 'BAD_PAYLOAD'],
    ['more samples than channels x frames', block(2, 0, 250, 1, [0, 0, 0]), 'SIZE_MISMATCH'],
    ['fewer samples than channels x frames', block(2, 0, 250, 2, [0, 0, 0]), 'SIZE_MISMATCH'],
    ['a NaN sample', block(1, 0, 250, 2, [0, Number.NaN]), 'BAD_PAYLOAD'],
    ['an infinite sample', block(1, 0, 250, 1, [Number.POSITIVE_INFINITY]), 'BAD_PAYLOAD'],
  ] as const)('refuses %s', (_name, payload, expected) => {
    expect(code(() => decodeInput(raw(payload)))).toBe(expected);
  });

  it('refuses to encode samples that are not whole frames', () => {
    expect(
      code(() =>
        encodeInput({ kind: 'bci', channels: 3, seq: 0, sampleRate: 250, samples: new Float32Array(4) }),
      ),
    ).toBe('BAD_PAYLOAD');
  });

  it.each([
    ['a NaN sample (a broken device)', 250, [1, Number.NaN]],
    ['an infinite sample', 250, [Number.POSITIVE_INFINITY, 0]],
    ['a NaN rate', Number.NaN, [1, 2]],
    ['a zero rate', 0, [1, 2]],
    ['a rate over 100 kHz', 200000, [1, 2]],
  ])('refuses to encode %s, which no source would accept', (_n, sampleRate, samples) => {
    const ev = { kind: 'bci', channels: 2, seq: 0, sampleRate, samples: Float32Array.from(samples) } as const;
    expect(code(() => encodeInput(ev))).toBe('BAD_PAYLOAD');
  });

  it('any bytes either decode to a consistent block or throw a ProtocolError (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const ev = decodeInput(raw(bytes)) as BciInput;
          expect(ev.samples.length % ev.channels).toBe(0);
          expect(ev.samples.every(Number.isFinite)).toBe(true);
        } catch (e) {
          expect(isProtocolError(e)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
