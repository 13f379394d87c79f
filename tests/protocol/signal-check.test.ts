import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSignal, encodeSignalDiff, encodeSignalSync } from '../../src/codec/index';
import {
  checkSignalDepth,
  checkSignalPayload,
  decodeMessage,
  encodeMessage,
  Flag,
  FrameType,
  isProtocolError,
  MAX_SIGNAL_BYTES,
  MAX_SIGNAL_DEPTH,
  ProtocolError,
} from '../../src/protocol/index';

const meta = { seq: 1, timestamp: 2 };
const text = (type: number, json: string, flags = 0) =>
  encodeMessage({ type, flags, seq: 0, timestamp: 0, width: 0, height: 0 }, new TextEncoder().encode(json));
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const codeOf = (e: ProtocolError | null) => e?.code ?? null;

describe('checkSignalPayload', () => {
  it('accepts valid SignalSync and SignalDiff messages (null)', () => {
    expect(checkSignalPayload(encodeSignalSync({ x: 1, s: [true, { y: 'é' }] }, meta))).toBeNull();
    expect(checkSignalPayload(encodeSignalDiff({ x: null }, meta))).toBeNull();
    expect(checkSignalPayload(text(FrameType.SignalSync, nested(MAX_SIGNAL_DEPTH)))).toBeNull();
  });

  it('refuses a SignalSync nested 10,000 deep exactly as a SignalDiff (BAD_JSON, close 1007)', () => {
    for (const type of [FrameType.SignalSync, FrameType.SignalDiff]) {
      const err = checkSignalPayload(text(type, nested(10_000)), 1 << 20);
      expect(err).toBeInstanceOf(ProtocolError);
      expect(err!.code).toBe('BAD_JSON');
      expect(err!.closeCode).toBe(1007);
      expect(err!.message).toMatch(/nesting deeper than 64/);
      expect(codeOf(checkSignalPayload(text(type, nested(MAX_SIGNAL_DEPTH + 1))))).toBe('BAD_JSON');
    }
  });

  it('caps the payload size: default MAX_SIGNAL_BYTES, or maxBytes (PAYLOAD_TOO_LARGE, 1009)', () => {
    const big = text(FrameType.SignalSync, `{"s":"${'x'.repeat(MAX_SIGNAL_BYTES)}"}`);
    expect(codeOf(checkSignalPayload(big))).toBe('PAYLOAD_TOO_LARGE');
    expect(checkSignalPayload(big)!.closeCode).toBe(1009);
    const small = text(FrameType.SignalDiff, '{"s":"0123456789"}');
    expect(checkSignalPayload(small, 18)).toBeNull();
    expect(codeOf(checkSignalPayload(small, 17))).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['a JSON array', '[1]'],
    ['JSON null', 'null'],
    ['invalid JSON', '{"a":'],
    ['an empty payload', ''],
    ['a __proto__ key', '{"a":{"\\u005f_proto__":1}}'],
  ])('refuses %s (BAD_JSON)', (_name, json) => {
    expect(codeOf(checkSignalPayload(text(FrameType.SignalDiff, json)))).toBe('BAD_JSON');
  });

  it('refuses invalid UTF-8, other types, input messages and framing errors', () => {
    const badUtf8 = encodeMessage(
      { type: FrameType.SignalSync, flags: 2, seq: 0, timestamp: 0, width: 0, height: 0 },
      new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    );
    expect(codeOf(checkSignalPayload(badUtf8))).toBe('BAD_JSON');
    expect(codeOf(checkSignalPayload(text(FrameType.Haptic, '{}')))).toBe('UNKNOWN_TYPE');
    expect(codeOf(checkSignalPayload(text(FrameType.SignalDiff, '{}', Flag.Input)))).toBe('UNKNOWN_TYPE');
    const ok = text(FrameType.SignalDiff, '{"a":1}');
    expect(codeOf(checkSignalPayload(ok.subarray(0, 10)))).toBe('TRUNCATED');
    expect(codeOf(checkSignalPayload(ok.subarray(0, ok.length - 1)))).toBe('TRUNCATED');
    const longer = new Uint8Array(ok.length + 1);
    longer.set(ok);
    expect(codeOf(checkSignalPayload(longer))).toBe('LENGTH_MISMATCH');
  });

  it('agrees with decodeSignal on arbitrary JSON-ish text, and its depth scan with checkSignalDepth', () => {
    // Chains 1..100 deep around the limit of 64, in arrays and objects, with brackets, quotes
    // and backslashes inside strings and keys that a byte scan must not count.
    const tricky = fc.constantFrom('a"]}', '\\', '[[{', '"', 'é}', 1, null);
    const deep = fc
      .tuple(
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.boolean(), { minLength: 100, maxLength: 100 }),
        tricky,
      )
      .map(([depth, arrays, leaf]) => {
        let v: unknown = leaf;
        for (let i = 0; i < depth; i++) v = arrays[i] ? [v, ']"'] : { '{"\\': v, k: '[' };
        return v;
      });
    fc.assert(
      fc.property(deep, fc.boolean(), (value, sync) => {
        const msg = text(sync ? FrameType.SignalSync : FrameType.SignalDiff, JSON.stringify({ v: value }));
        let expected: string | null = null;
        try {
          decodeSignal(decodeMessage(msg));
        } catch (e) {
          if (!isProtocolError(e)) throw e;
          expected = e.code;
        }
        expect(codeOf(checkSignalPayload(msg))).toBe(expected);
        let depthOk = true;
        try {
          checkSignalDepth({ v: value });
        } catch {
          depthOk = false;
        }
        expect(expected === 'BAD_JSON').toBe(!depthOk);
      }),
      { numRuns: 500 },
    );
  });
});

describe('decodeSignal: SignalSync checked like SignalDiff', () => {
  it('refuses a deep or oversized SignalSync with the same codes as a SignalDiff', () => {
    for (const type of [FrameType.SignalSync, FrameType.SignalDiff]) {
      const deep = decodeMessage(text(type, nested(10_000)));
      expect(() => decodeSignal(deep)).toThrow(/BAD_JSON: .*nesting deeper than 64/);
      const m = decodeMessage(text(type, '{"s":"0123456789"}'));
      expect(decodeSignal(m, 18)).toEqual({ s: '0123456789' });
      expect(() => decodeSignal(m, 17)).toThrow(/PAYLOAD_TOO_LARGE/);
    }
  });
});
