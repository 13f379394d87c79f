import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gradientFrame } from '../../bench/fixtures/gradient-scene';
import { springsFrame } from '../../bench/fixtures/springs-stream';
import { loadWasmDeltaKernel, setDeltaKernel } from '../../src/codec/delta-kernels';
import { createWasmDeltaKernel, decodeBase64 } from '../../src/codec/delta-wasm';
import { applyDelta, encodeDelta } from '../../src/codec/index';
import { decodeMessage } from '../../src/protocol/index';
import { referenceApplyDelta } from './delta-reference';

const meta = { seq: 3, timestamp: 4 };
/** Payload formats the identity checks have seen, so a test can require both. */
const formats = new Set<number>();

// The WASM kernel loads lazily (its own chunk): tests that pick it wait for it once.
beforeAll(async () => {
  await loadWasmDeltaKernel();
});

afterEach(() => {
  vi.unstubAllGlobals();
  setDeltaKernel('auto');
});

/** Both kernels' messages for one frame pair; each must decode (by either kernel) to `cur`. */
function both(cur: Uint8Array, prev: Uint8Array, w: number, h: number): [Uint8Array, Uint8Array] {
  setDeltaKernel('js');
  const js = encodeDelta(cur, prev, w, h, meta);
  setDeltaKernel('wasm');
  const wasm = encodeDelta(cur, prev, w, h, meta);
  for (const kernel of ['js', 'wasm'] as const) {
    setDeltaKernel(kernel);
    const target = prev.slice();
    applyDelta(decodeMessage(wasm), target);
    expect(Buffer.compare(target, cur), `${kernel} decode`).toBe(0);
  }
  formats.add(wasm[16]!);
  const ref = referenceApplyDelta(decodeMessage(wasm).payload, prev, w * h, w);
  expect(ref !== null && Buffer.compare(ref, cur) === 0, 'reference decode').toBe(true);
  return [js, wasm];
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/** A smooth picture (so format 2 is chosen) with `seed`-placed noise and solid patches. */
function picture(w: number, h: number, seed: number, t: number, noise: number[]): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = 4 * (y * w + x);
      px[o] = (x * 3 + t * (seed % 5)) & 0xff;
      px[o + 1] = (y * 2 + x + t) & 0xff;
      px[o + 2] = (seed + x * y) & 0xff;
      px[o + 3] = 255;
    }
  for (const n of noise) px[n % px.length] = (n * 7) & 0xff;
  return px;
}

describe('the WASM SIMD delta kernel', () => {
  it('runs in this runtime (Node 20 has WebAssembly SIMD), and auto picks it once loaded', async () => {
    expect((await loadWasmDeltaKernel())?.name).toBe('wasm');
    expect(setDeltaKernel('wasm')).toBe('wasm');
    expect(setDeltaKernel('auto')).toBe('wasm');
  });

  it('gives byte-identical messages to the JS kernel on random frames (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.nat(1000),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (w, h, seed, noiseA, noiseB, wild) => {
          const prev = picture(w, h, seed, 0, noiseA);
          const cur = wild
            ? new Uint8Array(w * h * 4).map((_, i) => (Math.imul(i + seed, 2654435761) >>> 24) & 0xff)
            : picture(w, h, seed, 1, noiseB);
          const [js, wasm] = both(cur, prev, w, h);
          expect(sameBytes(js, wasm)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
    expect([...formats].sort()).toEqual([1, 2]);
  });

  it('gives byte-identical messages on structured frames: scenes, noise, edges, unaligned views', () => {
    const cases: Array<[string, Uint8Array, Uint8Array, number, number]> = [];
    for (const t of [0, 7]) cases.push([`gradient ${t}`, gradientFrame(t + 1), gradientFrame(t), 600, 400]);
    for (const t of [0, 11]) cases.push([`springs ${t}`, springsFrame(t + 1), springsFrame(t), 600, 400]);
    for (const [w, h] of [
      [1, 1],
      [1, 9],
      [9, 1],
      [3, 5],
      [4, 4],
      [5, 3],
      [64, 2],
    ] as const) {
      cases.push([`gradient ${w}x${h}`, gradientFrame(3, w, h), gradientFrame(0, w, h), w, h]);
      cases.push([`noise ${w}x${h}`, picture(w, h, 9, 2, [1, 5, 99]), new Uint8Array(w * h * 4), w, h]);
    }
    for (const [name, cur, prev, w, h] of cases) {
      const [js, wasm] = both(cur, prev, w, h);
      expect(sameBytes(js, wasm), name).toBe(true);
      // The same frames at an odd byteOffset (Node's pooled Buffers) give the same bytes.
      const host = new Uint8Array(cur.length * 2 + 3);
      host.set(cur, 1);
      host.set(prev, 2 + cur.length);
      const [js2, wasm2] = both(
        host.subarray(1, 1 + cur.length),
        host.subarray(2 + cur.length, 2 + 2 * cur.length),
        w,
        h,
      );
      expect(sameBytes(js2, js) && sameBytes(wasm2, wasm), `${name} unaligned`).toBe(true);
    }
  });

  it('decodes into an unaligned target and leaves the words outside the frame alone', () => {
    const a = picture(50, 20, 7, 0, []);
    const b = picture(50, 20, 7, 1, [3, 40]);
    const m = decodeMessage(encodeDelta(b, a, 50, 20, meta));
    expect(m.payload[0]).toBe(2);
    for (const kernel of ['js', 'wasm'] as const) {
      setDeltaKernel(kernel);
      const host = new Uint8Array(a.length + 8).fill(0xa5);
      host.set(a, 3);
      applyDelta(m, host.subarray(3, 3 + a.length));
      expect(Buffer.compare(host.subarray(3, 3 + a.length), b), kernel).toBe(0);
      expect([...host.subarray(0, 3), ...host.subarray(3 + a.length)].every((v) => v === 0xa5)).toBe(true);
    }
  });
});

describe('the JS fallback', () => {
  it('is used where WebAssembly is missing', () => {
    vi.stubGlobal('WebAssembly', undefined);
    expect(createWasmDeltaKernel()).toBeNull();
  });

  it('is used where the module does not validate (no SIMD) or cannot compile (CSP)', () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    expect(createWasmDeltaKernel()).toBeNull();
    vi.stubGlobal('WebAssembly', {
      ...WebAssembly,
      Module: vi.fn(() => {
        throw new Error('CompileError: wasm code generation disallowed');
      }),
    });
    expect(createWasmDeltaKernel()).toBeNull();
  });

  it('can be chosen explicitly', () => {
    expect(setDeltaKernel('js')).toBe('js');
  });

  it('decodes base64 as Buffer does', () => {
    for (const s of ['', 'AA==', 'AGFzbQ==', 'AQID', '+/+/']) {
      expect([...decodeBase64(s)]).toEqual([...Buffer.from(s, 'base64')]);
    }
  });
});
