// AdaptiveSource before and after its per-layer machinery (a lazy chunk) is there: until it has
// loaded and a LayerOffer went out, single-stream frames carry no layer bit (a relay closes a
// source that tags a layer it did not offer); the layers' state is published once they are there.
import { describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { QualityLayer } from '../../src/protocol/index';
import { AdaptiveQuality } from '../../src/source/adaptive';
import { AdaptiveSource } from '../../src/source/adaptive-source';
import type { ImageQuality } from '../../src/source/image-quality';
import type { SourceLayers } from '../../src/source/source-layers';
import { initialSourceState } from '../../src/source/store';

function layersStub(offered: { value: boolean }) {
  return {
    get offered() {
      return offered.value;
    },
    active: false,
    setPlan: () => {},
    offer: () => {},
    state: () => ({ active: false, offered: ['lossless'] }),
  } as unknown as SourceLayers;
}

function setup(load: () => Promise<SourceLayers>) {
  const store = createStore(() => initialSourceState('delta', 30, 0.8));
  const single = new AdaptiveQuality({}, undefined, 30, ['pixel', 'delta', 'signal']);
  const adaptive = new AdaptiveSource(single, load, {
    store,
    image: { tick: () => {} } as unknown as ImageQuality,
    applyMode: () => {},
    applyFps: () => {},
  });
  return { adaptive, store };
}

describe('AdaptiveSource', () => {
  it('tags no frame with a layer while the layers load, nor before they were offered', async () => {
    const offered = { value: false };
    let resolve: (l: SourceLayers) => void = () => {};
    const { adaptive, store } = setup(() => new Promise((r) => (resolve = r)));
    expect(adaptive.layered).toBe(true);
    expect(adaptive.tag('delta')).toBe(0);
    expect(store.getState().layers).toBeNull();

    resolve(layersStub(offered));
    await vi.waitFor(() => expect(adaptive.layers).not.toBeNull());
    expect(adaptive.tag('delta')).toBe(0);
    expect(store.getState().layers).toMatchObject({ offered: ['lossless'] });

    offered.value = true;
    expect(adaptive.tag('delta')).toBe(QualityLayer.Lossless);
    adaptive.pin('delta');
    expect(adaptive.tag('delta')).toBe(0);
  });

  it('a failed load is the store error and leaves the source on one stream', async () => {
    const { adaptive, store } = setup(() => Promise.reject(new Error('chunk failed')));
    await vi.waitFor(() => expect(store.getState().error?.message).toBe('chunk failed'));
    expect(adaptive.perLayer).toBe(false);
    expect(adaptive.tag('delta')).toBe(0);
  });
});
