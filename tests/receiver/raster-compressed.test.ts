// The raster renderer with delta mode's compressed keyframes: a deflated Pixels frame becomes
// the base the following deltas apply to, and one that does not decode breaks the chain (a
// KeyframeRequest, no delta drawn on the old base) instead of leaving the old picture as base.
import { describe, expect, it } from 'vitest';
import { encodeDelta } from '../../src/codec/delta';
import { encodeDeflatedPixels } from '../../src/codec/pixels-deflate';
import { decodeMessage, ProtocolError } from '../../src/protocol/index';
import { rasterFixture } from './raster-fixture';

const W = 16;
const H = 8;
const frame = (seed: number) => new Uint8Array(W * H * 4).map((_, i) => ((i >> 3) * seed) & 0xff);

function setup() {
  const { renderer, requests, draw } = rasterFixture(W, H);
  // A copy: the renderer may hand the next draw the same buffer.
  const show = (): Uint8Array | null => {
    const drawn = draw();
    return drawn && new Uint8Array(drawn);
  };
  return { renderer, requests, show };
}

describe('raster renderer with compressed keyframes', () => {
  it('applies the deltas after a deflated keyframe to its inflated picture, bit-exact', () => {
    const { renderer, requests, show } = setup();
    const [a, b, c] = [frame(1), frame(3), frame(7)];
    expect(renderer.receive(decodeMessage(encodeDeflatedPixels(a, W, H, { seq: 0, timestamp: 0 })))).toBe(
      true,
    );
    expect(show()).toEqual(a);
    renderer.receive(decodeMessage(encodeDelta(b, a, W, H, { seq: 1, timestamp: 33 })));
    renderer.receive(decodeMessage(encodeDelta(c, b, W, H, { seq: 2, timestamp: 66 })));
    expect(show()).toEqual(c);
    expect(requests).toEqual([]);
  });

  it('a keyframe that does not inflate breaks the chain: request, error, later deltas not drawn', () => {
    const { renderer, requests, show } = setup();
    const [a, b, c] = [frame(1), frame(3), frame(7)];
    renderer.receive(decodeMessage(encodeDeflatedPixels(a, W, H, { seq: 0, timestamp: 0 })));
    const bad = encodeDeflatedPixels(b, W, H, { seq: 1, timestamp: 33 });
    bad.fill(0xff, 24, 28); // corrupt the start of the DEFLATE stream
    expect(() => renderer.receive(decodeMessage(bad))).toThrow(ProtocolError);
    expect(requests).toEqual(['undecodable keyframe']);
    // The source's next delta is against b, which this receiver never had.
    expect(renderer.receive(decodeMessage(encodeDelta(c, b, W, H, { seq: 2, timestamp: 66 })))).toBe(false);
    expect(show()).toBeNull();
    expect(requests).toEqual(['undecodable keyframe', 'delta without a base frame']);
  });
});
