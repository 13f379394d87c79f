import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSignal,
  diffSignal,
  encodeSignalDiff,
  encodeSignalSync,
  mergeSignal,
} from '../../src/codec/index';
import {
  decodeMessage,
  encodeMessage,
  Flag,
  FrameType,
  type JsonValue,
  type SignalState,
} from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 1, timestamp: 2 };
const signalMessage = (payload: Uint8Array, type: number = FrameType.SignalSync) =>
  decodeMessage(encodeMessage({ type, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }, payload));

// Keys: any string but "__proto__", which decodeSignal refuses.
const key = fc.string().filter((k) => k !== '__proto__');
// JSON values without null inside objects (RFC 7396 cannot set a key to null) and no -0.
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ v: JsonValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;
const state = fc.dictionary(key, json, { maxKeys: 5 }) as fc.Arbitrary<SignalState>;

describe('signal codec', () => {
  it('encodes SignalSync as UTF-8 JSON with FLAG_KEYFRAME (byte vector)', () => {
    expect(encodeSignalSync({ x: 1, s: 'é' }, meta)).toEqual(
      hex`30 02 0100 02000000 0000 0000 10000000 ${[...new TextEncoder().encode('{"x":1,"s":"é"}')]}`,
    );
  });

  it('encodes SignalDiff without FLAG_KEYFRAME', () => {
    const m = decodeMessage(encodeSignalDiff({ x: null }, meta));
    expect(m.header.type).toBe(FrameType.SignalDiff);
    expect(m.header.flags & Flag.Keyframe).toBe(0);
    expect(decodeSignal(m)).toEqual({ x: null });
  });

  it('round-trips any JSON object (fast-check)', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(decodeSignal(decodeMessage(encodeSignalSync(s, meta)))).toEqual(s);
      }),
    );
  });

  it('sync + diffs reproduce the next state (merge-patch semantics)', () => {
    fc.assert(
      fc.property(state, state, (a, b) => {
        const diff = diffSignal(a, b);
        const received = decodeSignal(decodeMessage(encodeSignalSync(a, meta)));
        const next =
          diff === null
            ? received
            : mergeSignal(received, decodeSignal(decodeMessage(encodeSignalDiff(diff, meta))));
        expect(next).toEqual(b);
      }),
    );
  });

  it.each([
    ['invalid UTF-8', hex`7b 22 ff 22 3a 31 7d`, /invalid|decode|encoded/i],
    ['invalid JSON', new TextEncoder().encode('{"a":'), /JSON|Unexpected|end/i],
    ['a JSON array', new TextEncoder().encode('[1,2]'), /must be a JSON object/],
    ['JSON null', new TextEncoder().encode('null'), /must be a JSON object/],
    ['a JSON number', new TextEncoder().encode('42'), /must be a JSON object/],
    ['an empty payload', new Uint8Array(0), /JSON|Unexpected|end/i],
  ])('rejects %s (BAD_JSON)', (_name, payload, pattern) => {
    expectProtocolError(() => decodeSignal(signalMessage(payload)), 'BAD_JSON', pattern);
    expectProtocolError(() => decodeSignal(signalMessage(payload, FrameType.SignalDiff)), 'BAD_JSON');
  });

  it.each(['{"__proto__":{"polluted":1}}', '{"a":[{"b":{"__proto__":1}}]}', '{"\\u005f_proto__":{}}'])(
    'rejects a "__proto__" key anywhere: %s (BAD_JSON)',
    (text) => {
      expectProtocolError(
        () => decodeSignal(signalMessage(new TextEncoder().encode(text))),
        'BAD_JSON',
        /__proto__/,
      );
    },
  );

  it('accepts keys that merely mention proto or use escapes', () => {
    const m = signalMessage(new TextEncoder().encode('{"prototype":1,"q":"a\\"b","proto":{"x":"\\u0041"}}'));
    expect(decodeSignal(m)).toEqual({ prototype: 1, q: 'a"b', proto: { x: 'A' } });
  });

  it('rejects other frame types (UNKNOWN_TYPE)', () => {
    expectProtocolError(
      () => decodeSignal(signalMessage(new Uint8Array(0), FrameType.Haptic)),
      'UNKNOWN_TYPE',
      /expected SignalSync/,
    );
  });

  it('refuses to encode what is not a serialisable object (BAD_JSON)', () => {
    expectProtocolError(
      () => encodeSignalSync([1] as unknown as SignalState, meta),
      'BAD_JSON',
      /JSON object/,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectProtocolError(() => encodeSignalDiff(cyclic as SignalState, meta), 'BAD_JSON', /serialised/);
    expectProtocolError(() => encodeSignalSync({ n: 1n } as unknown as SignalState, meta), 'BAD_JSON');
  });

  it('re-exports mergeSignal/diffSignal from the protocol layer', () => {
    expect(mergeSignal({ a: { b: 1, c: 2 } }, { a: { c: null } })).toEqual({ a: { b: 1 } });
    expect(diffSignal({ a: 1 }, { a: 1 })).toBeNull();
  });
});

describe('decodeSignal depth limit', () => {
  it('rejects JSON nested deeper than MAX_SIGNAL_DEPTH with BAD_JSON', () => {
    const text = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const msg = encodeMessage(
      { type: FrameType.SignalDiff, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 },
      new TextEncoder().encode(text),
    );
    expect(() => decodeSignal(decodeMessage(msg))).toThrow(/BAD_JSON: .*nesting deeper than 64/);
  });
});
