// SourceEngine.update: only what changed reaches the engine, with the pinning policy in one place.
import { describe, expect, it } from 'vitest';
import type { QualityBounds, SourceCompositionLayer, StreamMode } from '../../src/core';
import { completeBounds, LiveSettings, optionBounds } from '../../src/source/live-settings';

/** A stand-in engine that records its setter calls. */
function target(mode: StreamMode = 'delta', pinned = false) {
  const calls: string[] = [];
  const state = { mode, quality: { pinned } };
  return {
    calls,
    state,
    store: { getState: () => state },
    setMode: (m: StreamMode | null) => {
      calls.push(`mode ${m}`);
      if (m) state.mode = m;
      state.quality.pinned = m !== null;
    },
    setFps: (f: number) => void calls.push(`fps ${f}`),
    setImageQuality: (q: number) => void calls.push(`image ${q}`),
    setSignalState: (g: unknown) => void calls.push(`signal ${g === null ? 'none' : 'getter'}`),
    setQualityBounds: (b: QualityBounds) => void calls.push(`bounds ${b.minMode}..${b.maxMode}`),
    setLayer: (l: SourceCompositionLayer) => void calls.push(`layer ${l.x},${l.y}`),
    setAudioNode: (n: unknown) => void calls.push(`audio ${n === null ? 'none' : 'node'}`),
  };
}

describe('LiveSettings', () => {
  it('applies each setting once, and again only when it changes', () => {
    const live = new LiveSettings(null);
    const t = target();
    const getter = () => ({ a: 1 });
    const settings = { fps: 30, imageQuality: 0.8, signalState: getter, audioNode: null };
    live.apply(t, settings);
    live.apply(t, settings); // React's StrictMode runs effects twice
    expect(t.calls).toEqual(['fps 30', 'image 0.8', 'signal getter', 'audio none']);
    live.apply(t, { ...settings, fps: 15, signalState: null });
    expect(t.calls.slice(4)).toEqual(['fps 15', 'signal none']);
  });

  it('pins a fixed mode, unpins on auto, and leaves a new engine in auto as created', () => {
    const live = new LiveSettings(null);
    const t = target('pixel', true); // a controller created pinned by its own options
    live.apply(t, { mode: 'auto' });
    expect(t.calls).toEqual([]);
    live.apply(t, { mode: 'signal' });
    live.apply(t, { mode: 'signal' });
    live.apply(t, { mode: 'auto' });
    expect(t.calls).toEqual(['mode signal', 'mode null']);
    // A fixed mode the engine already has, pinned: nothing to do on a fresh engine.
    const again = target('delta', true);
    new LiveSettings(null).apply(again, { mode: 'delta' });
    expect(again.calls).toEqual([]);
  });

  it('compares bounds by value, completed with defaults, starting from those the engine was made with', () => {
    const made = optionBounds({ maxMode: 'delta' });
    const live = new LiveSettings(made?.key ?? null);
    const t = target();
    live.apply(t, { bounds: { maxMode: 'delta' } });
    live.apply(t, { bounds: { maxMode: 'delta', minMode: 'signal' } });
    expect(t.calls).toEqual([]);
    // Removing a bound lifts it: back to its default.
    live.apply(t, { bounds: {} });
    expect(t.calls).toEqual(['bounds signal..pixel']);
    expect(completeBounds({}).key).toBe(completeBounds({ maxMode: 'pixel', maxBitrate: null }).key);
  });

  it('moves a composition layer only when its placement changes, and throws what the engine throws', () => {
    const live = new LiveSettings(null);
    const t = target();
    const at = (x: number): SourceCompositionLayer => ({ id: 'hud', x, y: 0, width: 10, height: 10 });
    live.apply(t, { layer: at(1) });
    live.apply(t, { layer: at(1) });
    live.apply(t, { layer: at(2) });
    expect(t.calls).toEqual(['layer 1,0', 'layer 2,0']);
    const refusing = {
      ...target(),
      setLayer: () => {
        throw new TypeError('another id');
      },
    };
    expect(() => live.apply(refusing, { fps: 5, layer: at(3) })).toThrow('another id');
  });
});
