// The raster renderer with the WASM kernel loaded keeps its picture in wasm memory: deltas are
// applied there, the surface is handed a view of it, and a kernel that loads mid-stream takes the
// picture in at the next delta without breaking the chain.
import { afterEach, describe, expect, it } from 'vitest';
import { gradientFrame } from '../../bench/fixtures/gradient-scene';
import { encodeDelta } from '../../src/codec/delta';
import { activeWasmKernel, loadWasmDeltaKernel, setDeltaKernel } from '../../src/codec/delta-kernels';
import { encodePixels } from '../../src/codec/pixels';
import { decodeMessage } from '../../src/protocol/index';
import { rasterFixture } from './raster-fixture';

const W = 600;
const H = 400;
const meta = { seq: 1, timestamp: 0 };
const same = (a: Uint8ClampedArray, b: Uint8Array) =>
  Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.length), b) === 0;

afterEach(() => {
  setDeltaKernel('auto');
});

function setup() {
  const { renderer, requests, draw } = rasterFixture(W, H);
  const show = (): Uint8ClampedArray => {
    const drawn = draw();
    if (!drawn) throw new Error('nothing drawn');
    return drawn;
  };
  return { renderer, requests, show };
}

describe('raster renderer with the WASM kernel', () => {
  it('decodes deltas in wasm memory and draws a view of it, bit-exact; the kernel may load mid-stream', async () => {
    const { renderer, requests, show } = setup();
    const frames = Array.from({ length: 5 }, (_, t) => gradientFrame(t));
    // Before the kernel is in: a JS picture.
    setDeltaKernel('js');
    expect(renderer.receive(decodeMessage(encodePixels(frames[0]!, W, H, meta)))).toBe(true);
    expect(renderer.receive(decodeMessage(encodeDelta(frames[1]!, frames[0]!, W, H, meta)))).toBe(true);
    expect(same(show(), frames[1]!)).toBe(true);
    const memory = (await loadWasmDeltaKernel())?.resident?.view(0, 0).buffer;
    expect(memory).toBeDefined();
    setDeltaKernel('wasm');
    for (let k = 2; k < 5; k++) {
      const msg = encodeDelta(frames[k]!, frames[k - 1]!, W, H, meta);
      expect(msg[16], 'format 2: the in-place WASM decoder').toBe(2);
      expect(renderer.receive(decodeMessage(msg))).toBe(true);
      const drawn = show();
      expect(drawn.buffer, 'a view of wasm memory').toBe(activeWasmKernel()!.resident!.view(0, 0).buffer);
      expect(same(drawn, frames[k]!), `frame ${k}`).toBe(true);
    }
    expect(requests).toEqual([]);
  });
});
