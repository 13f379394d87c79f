// A layered source over an in-memory transport: the test plays the relay (LayerReports, layered
// KeyframeRequests, Rosters, ACKs stamped with receiver ids) and reads every frame it sends.

import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  applyDelta,
  decodeFrame,
  decodeLayerOffer,
  encodeLayerKeyframeRequest,
  Flag,
  FrameType,
  frameLayer,
  type Message,
} from '../../src/internal';
import { H, layeredSource, napiEncoder, onLayer, W } from './layers-fixture';

vi.setConfig({ expect: { poll: { timeout: 8000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup(options: Parameters<typeof layeredSource>[0] = {}) {
  const s = layeredSource(options);
  disposers.push(s.dispose);
  return s;
}

const offers = (got: readonly Message[]) =>
  got.filter((m) => m.header.type === FrameType.LayerOffer).map((m) => decodeLayerOffer(m));
const isKey = (m: Message) => (m.header.flags & Flag.Keyframe) !== 0;

describe('a source with quality and no pinned mode', () => {
  test('sends its LayerOffer on open and again whenever the offer changes; a pinned mode sends mask 0 and untagged frames', async () => {
    const { source, got } = setup({ imageEncoder: napiEncoder });
    // lossless (bit 1) + lossy (bit 2, an image encoder exists) + signal (bit 3, a getter exists).
    await expect.poll(() => offers(got)).toEqual([0x0e]);
    expect(got[0]!.header.type).toBe(FrameType.LayerOffer);
    source.setSignalState(null);
    await expect.poll(() => offers(got)).toEqual([0x0e, 0x06]);
    source.setQualityBounds({ maxMode: 'delta' });
    await expect.poll(() => offers(got)).toEqual([0x0e, 0x06, 0x02]);
    expect(source.store.getState().layers?.offered).toEqual(['lossless']);
    // Pinned: mask 0, and from then on frames carry no layer (today's single stream).
    source.setMode('pixel');
    await expect.poll(() => offers(got)).toEqual([0x0e, 0x06, 0x02, 0]);
    const at = got.length;
    await expect
      .poll(() => got.slice(at).filter((m) => m.header.type === FrameType.Pixels).length)
      .toBeGreaterThan(3);
    expect(got.slice(at).every((m) => frameLayer(m.header.flags) === 0)).toBe(true);
    expect(source.store.getState().layers).toBeNull();
    source.setMode(null);
    await expect.poll(() => offers(got)).toEqual([0x0e, 0x06, 0x02, 0, 0x02]);
  });

  test('a fixed mode (no quality) sends no offer and no layer bits, as before layers', async () => {
    const { got } = setup({ quality: undefined, mode: 'delta' });
    await expect.poll(() => got.length).toBeGreaterThan(5);
    expect(offers(got)).toEqual([]);
    expect(got.every((m) => frameLayer(m.header.flags) === 0)).toBe(true);
  });

  test('produces only demanded layers, each starting with a keyframe, with its own delta base and tag', async () => {
    const { source, got, relay } = setup();
    // Before any LayerReport: one stream (the best layer), tagged.
    await expect.poll(() => onLayer(got, 1).length).toBeGreaterThan(2);
    expect(onLayer(got, 3)).toEqual([]);
    relay.report([
      { id: 1, layer: 1, reason: 'join' },
      { id: 2, layer: 3, reason: 'congested' },
    ]);
    await expect.poll(() => onLayer(got, 3).length).toBeGreaterThan(5);
    await expect.poll(() => source.store.getState().layers?.signal?.produced).toBe(true);
    const signal = onLayer(got, 3);
    expect(signal[0]!.header.type).toBe(FrameType.SignalSync);
    expect(signal.slice(1).some((m) => m.header.type === FrameType.SignalDiff)).toBe(true);
    // The lossless chain decodes exactly from its first keyframe on, whatever the other layer sends.
    const lossless = onLayer(got, 1);
    const first = lossless.findIndex(isKey);
    expect(first).toBe(0);
    let picture: Uint8Array | null = null;
    for (const m of lossless) {
      const f = decodeFrame(m);
      if (f.kind === 'pixels') picture = new Uint8Array(f.rgba);
      else if (f.kind === 'delta') applyDelta(m, picture!);
      else throw new Error(`a ${f.kind} frame on the lossless layer`);
    }
    expect(picture!.length).toBe(W * H * 4);
    expect(source.store.getState()).toMatchObject({
      layers: { active: true, lossless: { receivers: [1], produced: true }, signal: { receivers: [2] } },
      quality: { layer: 'lossless' },
    });
    // Nobody on signal any more: it stops; it comes back with a SignalSync.
    relay.report([{ id: 1, layer: 1, reason: 'join' }]);
    await expect.poll(() => source.store.getState().layers?.signal?.produced).toBe(false);
    const stopped = got.length;
    await expect.poll(() => onLayer(got, 1, stopped).length).toBeGreaterThan(5);
    expect(onLayer(got, 3, stopped)).toEqual([]);
    relay.report([
      { id: 1, layer: 1, reason: 'join' },
      { id: 3, layer: 3, reason: 'join' },
    ]);
    await expect.poll(() => onLayer(got, 3, stopped).length).toBeGreaterThan(0);
    expect(onLayer(got, 3, stopped)[0]!.header.type).toBe(FrameType.SignalSync);
  });

  test('a layered KeyframeRequest gets a keyframe on that layer only; a new layer asked for is produced', async () => {
    const { got, relay } = setup({ keyframeInterval: 100_000 });
    await expect.poll(() => offers(got)).toEqual([0x0a]);
    relay.report([{ id: 1, layer: 1, reason: 'join' }]);
    await expect.poll(() => onLayer(got, 1).length).toBeGreaterThan(5);
    // The relay is switching someone to signal: a SignalSync comes, though nobody is on signal yet.
    relay.fromReceiver(1, encodeLayerKeyframeRequest(3, { seq: 0, timestamp: 0 }));
    await expect.poll(() => onLayer(got, 3).length).toBeGreaterThan(0);
    expect(onLayer(got, 3)[0]!.header.type).toBe(FrameType.SignalSync);
    relay.report([
      { id: 1, layer: 1, reason: 'join' },
      { id: 2, layer: 3, reason: 'lagging' },
    ]);
    const at = got.length;
    await expect.poll(() => onLayer(got, 1, at).length).toBeGreaterThan(5);
    expect(onLayer(got, 1, at).filter(isKey)).toEqual([]);
    relay.fromReceiver(1, encodeLayerKeyframeRequest(1, { seq: 1, timestamp: 0 }));
    await expect.poll(() => onLayer(got, 1, at).filter(isKey).length).toBe(1);
    // Signal kept its chain: no SignalSync since the first.
    expect(onLayer(got, 3, at).filter((m) => m.header.type === FrameType.SignalSync)).toEqual([]);
  });
});
