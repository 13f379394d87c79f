import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSignalDepth,
  diffSignal,
  isProtocolError,
  type JsonValue,
  MAX_SIGNAL_DEPTH,
  mergeSignal,
  type SignalState,
} from '../../src/internal';

// States without nulls (RFC 7396 cannot express "set to null").
const leaf = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const { tree } = fc.letrec<{ tree: SignalState }>((tie) => ({
  tree: fc.dictionary(
    fc.constantFrom('a', 'b', 'c', 'x', 'y'),
    fc.oneof({ depthSize: 'small' }, leaf, tie('tree')) as fc.Arbitrary<JsonValue>,
    { maxKeys: 4 },
  ),
}));

describe('signal merge (RFC 7396)', () => {
  it('applies the RFC examples', () => {
    expect(mergeSignal({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({
      a: 'z',
      c: { d: 'e' },
    });
    expect(mergeSignal({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergeSignal({ a: 'foo' }, { a: { b: 'c' } })).toEqual({ a: { b: 'c' } });
  });

  it('does not modify its inputs', () => {
    const state = { a: { b: 1 } };
    const diff = { a: { b: 2 } };
    mergeSignal(state, diff);
    expect(state).toEqual({ a: { b: 1 } });
    expect(diff).toEqual({ a: { b: 2 } });
  });

  it('diff then merge reproduces the next state (property)', () => {
    fc.assert(
      fc.property(tree, tree, (prev, next) => {
        const diff = diffSignal(prev, next);
        expect(diff === null ? prev : mergeSignal(prev, diff)).toEqual(next);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns null when nothing changed and only changed keys otherwise', () => {
    expect(diffSignal({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 2 } })).toBeNull();
    expect(diffSignal({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2, d: 4 } })).toEqual({ b: { d: 4 } });
    expect(diffSignal({ a: 1, b: 2 }, { a: 1 })).toEqual({ b: null });
  });
});

describe('signal merge hardening', () => {
  it('ignores a "__proto__" key from parsed JSON at any depth', () => {
    const diff = JSON.parse('{"__proto__":{"polluted":1},"a":{"__proto__":{"x":2},"b":1}}') as SignalState;
    const merged = mergeSignal({ a: { c: 3 } }, diff);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(merged.a)).toBe(Object.prototype);
    expect(merged).toEqual({ a: { c: 3, b: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('signal depth limit', () => {
  const nest = (depth: number): SignalState => {
    let v: SignalState = { leaf: 1 };
    for (let i = 1; i < depth; i++) v = { a: v };
    return v;
  };

  it('merges and diffs up to MAX_SIGNAL_DEPTH levels', () => {
    expect(mergeSignal({}, nest(MAX_SIGNAL_DEPTH))).toEqual(nest(MAX_SIGNAL_DEPTH));
    expect(diffSignal({}, nest(MAX_SIGNAL_DEPTH))).toEqual(nest(MAX_SIGNAL_DEPTH));
    expect(() => checkSignalDepth(nest(MAX_SIGNAL_DEPTH))).not.toThrow();
  });

  it('refuses deeper nesting with BAD_JSON, never a stack overflow', () => {
    const text = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const deep = JSON.parse(text) as SignalState;
    const deepCopy = JSON.parse(text) as SignalState;
    for (const fn of [
      () => mergeSignal({}, deep),
      () => diffSignal(deep, JSON.parse(JSON.stringify(nest(MAX_SIGNAL_DEPTH + 5))) as SignalState),
      () => diffSignal({ a: deep }, { a: deepCopy }),
      () => checkSignalDepth(deep),
      () => checkSignalDepth(nest(MAX_SIGNAL_DEPTH + 1)),
    ]) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(isProtocolError(err, 'BAD_JSON'), String(err)).toBe(true);
    }
  });
});
