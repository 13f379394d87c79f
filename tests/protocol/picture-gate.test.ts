import { describe, expect, it } from 'vitest';
import { encodeMessage, Flag, FrameType, PictureGate } from '../../src/protocol/index';

const frame = (type: number, flags = 0) =>
  encodeMessage({ type, flags, seq: 0, timestamp: 0, width: 2, height: 1 }, new Uint8Array(8));
const key = frame(FrameType.Pixels);
const delta = frame(FrameType.DeltaPixels);

describe('PictureGate', () => {
  function gate() {
    let now = 0;
    const asks: number[] = [];
    const g = new PictureGate({ askKeyframe: () => asks.push(now), now: () => now, askIntervalMs: 500 });
    return { g, asks, tick: (ms: number) => (now += ms) };
  }

  it('starts broken: deltas before the first keyframe are dropped and a keyframe is asked for', () => {
    const { g, asks } = gate();
    expect(g.admit(delta, 0)).toBe(false);
    expect(asks).toHaveLength(1);
    expect(g.admit(key, 0)).toBe(true);
    expect(g.admit(delta, 0)).toBe(true);
    expect(g.broken).toBe(false);
  });

  it('a loss breaks the chain: deltas dropped (never drawn on the wrong base) until a keyframe passes', () => {
    const { g, asks, tick } = gate();
    g.admit(key, 0);
    expect(g.admit(delta, 1)).toBe(false);
    expect(asks).toHaveLength(1);
    tick(100);
    expect(g.admit(delta, 0)).toBe(false);
    expect(asks).toHaveLength(1);
    tick(500);
    expect(g.admit(delta, 0)).toBe(false);
    expect(asks).toHaveLength(2);
    expect(g.dropped).toBe(3);
    expect(g.admit(frame(FrameType.CompressedPixels), 0)).toBe(true);
    expect(g.admit(delta, 0)).toBe(true);
  });

  it('a keyframe after a loss passes at once; non-picture messages always pass', () => {
    const { g } = gate();
    g.admit(key, 0);
    expect(g.admit(key, 3)).toBe(true);
    expect(g.admit(frame(FrameType.AudioPcm), 5)).toBe(true);
    expect(g.broken).toBe(true);
    expect(g.admit(frame(FrameType.SignalDiff), 0)).toBe(true);
    expect(g.admit(frame(FrameType.NeuralLatent, Flag.Keyframe), 0)).toBe(true);
    expect(g.admit(delta, 0)).toBe(false);
  });

  it('startBroken: false lets the first delta through', () => {
    const g = new PictureGate({ askKeyframe: () => {}, startBroken: false });
    expect(g.admit(delta, 0)).toBe(true);
    expect(g.admit(delta, 1)).toBe(false);
  });

  it('break() marks the chain broken and asks at once', () => {
    const { g, asks } = gate();
    g.admit(key, 0);
    g.break();
    expect(asks).toHaveLength(1);
    expect(g.admit(delta, 0)).toBe(false);
  });
});
