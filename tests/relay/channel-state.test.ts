import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryChannelState } from '../../relay-dev/channel-state';
import { encodeMessage, FrameType, mergeSignal, type SignalState } from '../../src/protocol/index';
import { delta, json, pixels, signal } from './helpers';

const jsonObject = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.oneof(
    fc.integer(),
    fc.constant(null),
    fc.dictionary(fc.constantFrom('x', 'y'), fc.oneof(fc.integer(), fc.constant(null))),
  ),
) as fc.Arbitrary<SignalState>;

describe('MemoryChannelState', () => {
  it('property: the lazily merged SignalSync equals folding mergeSignal over sync + diffs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), jsonObject), { maxLength: 600 }), (ops) => {
        const state = new MemoryChannelState(1024);
        let expected: SignalState | null = null;
        ops.forEach(([sync, value], i) => {
          state.recordSignal(signal(i, value, sync), sync);
          expected = sync ? value : mergeSignal(expected ?? {}, value);
        });
        const out = state.signalSync();
        if (expected === null) expect(out).toBeNull();
        else expect(json(out!)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('skips a diff that is not JSON and counts it', () => {
    const state = new MemoryChannelState(1024);
    state.recordSignal(signal(1, { a: 1 }, true), true);
    const bad = encodeMessage(
      { type: FrameType.SignalDiff, flags: 0, seq: 2, timestamp: 0, width: 0, height: 0 },
      new Uint8Array([0x7b, 0xff]),
    );
    state.recordSignal(bad, false);
    state.recordSignal(signal(3, { b: 2 }), false);
    expect(json(state.signalSync()!)).toEqual({ a: 1, b: 2 });
    expect(state.badSignals).toBe(1);
  });

  it('keeps the delta chain within its byte budget and breaks it past the budget', () => {
    const state = new MemoryChannelState(200);
    state.recordDelta(delta(0, 10));
    expect(state.deltas).toBeNull(); // a delta without a keyframe cannot be replayed
    state.recordKeyframe(pixels(1));
    state.recordDelta(delta(2, 64));
    state.recordDelta(delta(3, 64));
    expect(state.deltas?.length).toBe(2);
    state.recordDelta(delta(4, 200));
    expect(state.deltas).toBeNull();
    state.recordKeyframe(pixels(5));
    expect(state.deltas).toEqual([]);
    state.breakChain();
    expect(state.deltas).toBeNull();
    state.clear();
    expect(state.keyframe).toBeNull();
  });
});

describe('MemoryChannelState memory', () => {
  it('copies small messages out of large (socket) buffers instead of pinning them', () => {
    const chunk = Buffer.alloc(64 * 1024);
    const diff = signal(1, { a: 1 });
    chunk.set(diff, 100);
    const view = chunk.subarray(100, 100 + diff.length); // what ws hands out: a view into a read chunk
    const key = pixels(2);
    chunk.set(key, 1000);
    const state = new MemoryChannelState(1024);
    state.recordKeyframe(chunk.subarray(1000, 1000 + key.length));
    state.recordSignal(view, false);
    chunk.fill(0); // the socket reuses its buffer
    expect(state.keyframe).toEqual(key);
    expect(state.keyframe?.buffer.byteLength).toBe(key.length);
    expect(json(state.signalSync()!)).toEqual({ a: 1 });
  });
});
