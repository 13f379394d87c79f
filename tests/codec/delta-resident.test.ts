import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gradientFrame } from '../../bench/fixtures/gradient-scene';
import { springsFrame } from '../../bench/fixtures/springs-stream';
import { activeWasmKernel, loadWasmDeltaKernel, setDeltaKernel } from '../../src/codec/delta-kernels';
import { DeltaBase, DeltaPicture } from '../../src/codec/delta-resident';
import { applyDelta, encodeDelta } from '../../src/codec/index';
import { decodeMessage } from '../../src/protocol/index';

const meta = { seq: 1, timestamp: 2 };
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

beforeAll(async () => {
  await loadWasmDeltaKernel();
});

afterEach(() => {
  setDeltaKernel('auto');
});

/** The JS kernel's stateless message for `cur` against `prev`: the bytes every path must give. */
function expected(cur: Uint8Array, prev: Uint8Array, w: number, h: number): Uint8Array {
  setDeltaKernel('js');
  return encodeDelta(cur, prev, w, h, meta);
}

/** Encodes `frames` in order through a DeltaBase under `kernel`, committing every frame. */
function throughBase(frames: Uint8Array[], w: number, h: number, kernels: ('js' | 'wasm')[]): Uint8Array[] {
  const base = new DeltaBase();
  const out: Uint8Array[] = [];
  frames.forEach((f, k) => {
    setDeltaKernel(kernels[k % kernels.length]!);
    // The caller's buffer is reused for the next capture: the base must not alias it.
    const capture = f.slice();
    const cur = base.stage(capture, w, h);
    if (base.has(w, h)) out.push(encodeDelta(cur, base.base(), w, h, meta));
    capture.fill(0x5a);
    base.commit(w, h);
  });
  return out;
}

describe('a resident delta base (the source keeps its reference in wasm memory)', () => {
  it('gives the stateless JS bytes on the gradient and flat scenes, with either kernel and switching', () => {
    const scenes = [
      { frames: Array.from({ length: 6 }, (_, t) => gradientFrame(t)), w: 600, h: 400 },
      { frames: Array.from({ length: 6 }, (_, t) => springsFrame(t)), w: 600, h: 400 },
    ];
    for (const { frames, w, h } of scenes) {
      const want = frames.slice(1).map((f, k) => expected(f, frames[k]!, w, h));
      for (const kernels of [['wasm'], ['js'], ['js', 'wasm'], ['wasm', 'wasm', 'js']] as const) {
        const got = throughBase(frames, w, h, [...kernels]);
        expect(got.length).toBe(want.length);
        for (const [k, m] of got.entries())
          expect(same(m, want[k]!), `${kernels.join('>')} frame ${k + 1}`).toBe(true);
      }
    }
  });

  it('gives the stateless JS bytes on random frames, both formats (fast-check)', () => {
    const formats = new Set<number>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 4095 }), { maxLength: 30 }), {
          minLength: 2,
          maxLength: 5,
        }),
        (w, h, edits) => {
          // Smooth frames with scattered edits: format 2 on most, format 1 where edits dominate.
          let f = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) % 251));
          const frames = [f];
          for (const [t, e] of edits.entries()) {
            f = f.slice();
            // A smooth change over the first rows (format 2 pays there), then the edits.
            for (let i = 0; i < f.length / 2; i++) if (i % 4 !== 3) f[i] = (f[i]! + t + 1) & 0xff;
            for (const v of e) f[v % f.length] = (v * 13) & 0xff;
            frames.push(f);
          }
          const want = frames.slice(1).map((x, k) => expected(x, frames[k]!, w, h));
          const got = throughBase(frames, w, h, ['wasm']);
          for (const m of want) formats.add(m[16]!);
          return got.every((m, k) => same(m, want[k]!));
        },
      ),
      { numRuns: 150 },
    );
    expect([...formats].sort()).toEqual([1, 2]);
  });

  it('holds its base across a size change and across wasm memory growth', () => {
    setDeltaKernel('wasm');
    const base = new DeltaBase();
    const a = gradientFrame(0);
    base.stage(a, 600, 400);
    base.commit(600, 400);
    // A much larger encode by someone else grows the memory under the resident slots.
    const big = new Uint8Array(1500 * 1200 * 4).map((_, i) => i & 0xff);
    encodeDelta(big, big.slice().reverse(), 1500, 1200, meta);
    const b = gradientFrame(1);
    const cur = base.stage(b, 600, 400);
    expect(same(encodeDelta(cur, base.base(), 600, 400, meta), expected(b, a, 600, 400))).toBe(true);
    setDeltaKernel('wasm');
    base.commit(600, 400);
    const small = new Uint8Array(8 * 8 * 4).fill(7);
    base.stage(small, 8, 8);
    expect(base.has(8, 8)).toBe(false);
    base.commit(8, 8);
    expect(base.has(8, 8) && !base.has(600, 400)).toBe(true);
    expect(same(base.base(), small)).toBe(true);
  });
});

describe('a resident picture (the receiver decodes in wasm memory)', () => {
  it('decodes a stream to the same pixels as applyDelta on a plain array, drawing a view of wasm memory', () => {
    const frames = Array.from({ length: 8 }, (_, t) => (t < 4 ? gradientFrame(t) : springsFrame(t)));
    setDeltaKernel('wasm');
    const picture = new DeltaPicture();
    picture.resize(600, 400);
    picture.bytes().set(frames[0]!);
    for (let k = 1; k < 4; k++) {
      const msg = decodeMessage(expected(frames[k]!, frames[k - 1]!, 600, 400));
      setDeltaKernel('wasm');
      applyDelta(msg, picture.bytes());
      expect(same(picture.bytes(), frames[k]!), `gradient frame ${k}`).toBe(true);
    }
    // A keyframe of the other scene, then its deltas (flat: few literals over a wide span).
    picture.resize(600, 400);
    picture.bytes().set(frames[4]!);
    for (let k = 5; k < 8; k++) {
      const msg = decodeMessage(expected(frames[k]!, frames[k - 1]!, 600, 400));
      setDeltaKernel(k % 2 ? 'wasm' : 'js');
      applyDelta(msg, picture.bytes());
      expect(same(picture.bytes(), frames[k]!), `flat frame ${k}`).toBe(true);
    }
    const px = picture.pixels();
    expect(px).toBeInstanceOf(Uint8ClampedArray);
    expect(px.buffer).toBe(activeWasmKernel()!.resident!.view(0, 0).buffer);
    expect(picture.pixels()).toBe(px);
  });

  it('refuses a malformed delta with a typed error', () => {
    setDeltaKernel('wasm');
    const picture = new DeltaPicture();
    picture.resize(600, 400);
    picture.bytes().set(gradientFrame(0));
    const msg = expected(gradientFrame(1), gradientFrame(0), 600, 400);
    expect(msg[16]).toBe(2);
    // The last coded byte becomes an unknown tag: found by the wasm decoder, in place.
    const bad = msg.slice();
    bad[bad.length - 1] = 0xc0;
    expect(() => applyDelta(decodeMessage(bad), picture.bytes())).toThrow(
      expect.objectContaining({ code: 'BAD_PAYLOAD' }),
    );
  });
});
