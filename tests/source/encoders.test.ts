import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyDelta } from '../../src/codec/delta';
import { decodePixels } from '../../src/codec/pixels';
import { decodeSignal } from '../../src/codec/signal';
import { decodeMessage, Flag, FrameType, mergeSignal, type SignalState } from '../../src/protocol/index';
import { createDeltaEncoder } from '../../src/source/delta-encoder';
import { createPixelEncoder, DELTA_KEYFRAME_INTERVAL, engineEncoders } from '../../src/source/encoders';
import { createSignalEncoder } from '../../src/source/signal-encoder';
import type { EncodedFrame, FrameEncoder } from '../../src/source/types';

const W = 8;
const H = 5;
const frame = (seed: number) => {
  const rgba = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 7 + seed * 13) & (seed % 3 === 0 ? 0xff : 0x0f);
  return rgba;
};
const pic = (rgba: Uint8ClampedArray, w = W, h = H) => ({
  kind: 'picture' as const,
  frame: { rgba, width: w, height: h },
});

async function enc(e: FrameEncoder, input: Parameters<FrameEncoder['encode']>[0], keyframe = false, seq = 0) {
  return (await e.encode(input, { seq, timestamp: seq * 33, keyframe })) as EncodedFrame;
}

describe('pixel encoder', () => {
  test('every frame is a Pixels keyframe carrying the exact RGBA', async () => {
    const out = await enc(createPixelEncoder(), pic(frame(1)), false, 7);
    const m = decodeMessage(out.message);
    expect(m.header).toMatchObject({
      type: FrameType.Pixels,
      flags: Flag.Keyframe,
      seq: 7,
      width: W,
      height: H,
    });
    expect(out.keyframe).toBe(true);
    expect([...m.payload]).toEqual([...frame(1)]);
  });
});

describe('delta encoder', () => {
  test('the reference is the last frame committed (sent), not the last encoded', async () => {
    const e = createDeltaEncoder({ keyframeInterval: 100 });
    const a = frame(1);
    const first = await enc(e, pic(a));
    expect(first.keyframe).toBe(true);
    first.commit?.();
    const receiver = decodePixels(decodeMessage(first.message)).rgba.slice();
    // b is encoded but the transport dropped it: no commit.
    const dropped = await enc(e, pic(frame(2)));
    expect(dropped.keyframe).toBe(false);
    const c = frame(3);
    const third = await enc(e, pic(c));
    expect(decodeMessage(third.message).header.type).toBe(FrameType.DeltaPixels);
    applyDelta(decodeMessage(third.message), receiver);
    expect([...receiver]).toEqual([...c]);
  });

  test('the reference is a copy: mutating the captured buffer later does not corrupt it', async () => {
    const e = createDeltaEncoder({ keyframeInterval: 100 });
    const a = frame(1);
    const k = await enc(e, pic(a));
    k.commit?.();
    const receiver = new Uint8Array(a);
    a.fill(0); // capture buffers get reused
    const b = frame(4);
    const d = await enc(e, pic(b));
    applyDelta(decodeMessage(d.message), receiver);
    expect([...receiver]).toEqual([...b]);
  });

  test('keyframes are Pixels compressed losslessly (FLAG_COMPRESSED), far smaller than raw', async () => {
    const e = createDeltaEncoder({ keyframeInterval: 100 });
    const flat = new Uint8ClampedArray(64 * 48 * 4).fill(0x2a);
    const out = await enc(e, pic(flat, 64, 48));
    const m = decodeMessage(out.message);
    expect(m.header).toMatchObject({ type: FrameType.Pixels, flags: Flag.Keyframe | Flag.Compressed });
    expect(m.payload.length).toBeLessThan(flat.length / 20);
    expect(decodePixels(m).rgba).toEqual(new Uint8Array(flat.buffer));
  });

  test('the engine default: a periodic keyframe every DELTA_KEYFRAME_INTERVAL frames, signal every 60', async () => {
    expect(DELTA_KEYFRAME_INTERVAL).toBe(300);
    const set = engineEncoders({ url: 'ws://127.0.0.1:1', channel: 'c' }, () => 0.8);
    const delta = set.get('delta')!;
    const keys: number[] = [];
    for (let i = 0; i < 2 * DELTA_KEYFRAME_INTERVAL + 1; i++) {
      const out = await enc(delta, pic(frame(i % 7)));
      out.commit?.();
      if (out.keyframe) keys.push(i);
    }
    expect(keys).toEqual([0, DELTA_KEYFRAME_INTERVAL, 2 * DELTA_KEYFRAME_INTERVAL]);
    const signal = set.get('signal')!;
    const syncs: number[] = [];
    for (let i = 0; i < 61; i++) {
      const out = await enc(signal, { kind: 'signal', state: { i } });
      out.commit?.();
      if (out.keyframe) syncs.push(i);
    }
    expect(syncs).toEqual([0, 60]);
    // An app's keyframeInterval applies to both.
    const mine = engineEncoders(
      { url: 'ws://127.0.0.1:1', channel: 'c', keyframeInterval: 2 },
      () => 0.8,
    ).get('delta')!;
    const seen: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      const out = await enc(mine, pic(frame(i)));
      out.commit?.();
      seen.push(out.keyframe);
    }
    expect(seen).toEqual([true, false, true]);
  });

  test('keyframe every N sent frames, on request, and on a size change', async () => {
    const e = createDeltaEncoder({ keyframeInterval: 3 });
    const keys: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      const out = await enc(e, pic(frame(i)));
      out.commit?.();
      keys.push(out.keyframe);
    }
    expect(keys).toEqual([true, false, false, true, false, false, true]);
    expect((await enc(e, pic(frame(9)), true)).keyframe).toBe(true);
    const bigger = new Uint8ClampedArray(4 * 4 * 4);
    expect((await enc(e, pic(bigger, 4, 4))).keyframe).toBe(true);
    e.reset();
    expect((await enc(e, pic(frame(1)))).keyframe).toBe(true);
  });

  test('property: any commit/drop pattern leaves the receiver exact after each sent frame', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        async (steps) => {
          const e = createDeltaEncoder({ keyframeInterval: 5 });
          let receiver: Uint8Array | null = null;
          for (const [seed, sent] of steps) {
            const f = frame(seed);
            const out = await enc(e, pic(f));
            if (!sent) continue;
            out.commit?.();
            const m = decodeMessage(out.message);
            if (out.keyframe) receiver = decodePixels(m).rgba.slice();
            else applyDelta(m, receiver!);
            if ([...receiver!].some((v, i) => v !== f[i])) return false;
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('signal encoder', () => {
  const sig = (state: SignalState) => ({ kind: 'signal' as const, state });

  test('SignalSync first, then diffs against the last committed state, nothing when unchanged', async () => {
    const e = createSignalEncoder({ keyframeInterval: 100 });
    const s1 = { x: 1, y: { a: 1, b: 2 } };
    const sync = await enc(e, sig(s1));
    expect(decodeMessage(sync.message).header.type).toBe(FrameType.SignalSync);
    sync.commit?.();
    let view = decodeSignal(decodeMessage(sync.message));
    expect(view).toEqual(s1);
    // Uncommitted diff (dropped) must not become the reference.
    await enc(e, sig({ x: 2, y: { a: 1, b: 2 } }));
    const d = await enc(e, sig({ x: 3, y: { a: 1, b: 5 } }));
    const dm = decodeMessage(d.message);
    expect(dm.header.type).toBe(FrameType.SignalDiff);
    expect(decodeSignal(dm)).toEqual({ x: 3, y: { b: 5 } });
    d.commit?.();
    view = mergeSignal(view, decodeSignal(dm));
    expect(view).toEqual({ x: 3, y: { a: 1, b: 5 } });
    expect(
      await e.encode(sig({ x: 3, y: { a: 1, b: 5 } }), { seq: 9, timestamp: 0, keyframe: false }),
    ).toBeNull();
  });

  test('the app mutating its state object in place is still diffed correctly', async () => {
    const e = createSignalEncoder({ keyframeInterval: 100 });
    const state: SignalState = { n: 1 };
    (await enc(e, sig(state))).commit?.();
    state.n = 2;
    const d = await enc(e, sig(state));
    expect(decodeSignal(decodeMessage(d.message))).toEqual({ n: 2 });
  });

  test('periodic SignalSync every keyframeInterval frames', async () => {
    const e = createSignalEncoder({ keyframeInterval: 2 });
    const types: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await enc(e, sig({ i }));
      out.commit?.();
      types.push(decodeMessage(out.message).header.type);
    }
    expect(types).toEqual([0x30, 0x31, 0x30, 0x31, 0x30]);
  });
});
