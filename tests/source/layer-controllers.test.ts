// Per-layer decisions in a layered source: each layer's controller hears only the receivers the
// relay put on it, so a receiver on the lossy layer (hostile or just slow) cannot lower the
// lossless layer's fps, and a receiver that leaves stops counting at once.
import { decodeMessage, FrameType } from '@ds-stream/react/core';
import { afterEach, expect, test, vi } from 'vitest';
import { layeredSource, napiEncoder, onLayer } from './layers-fixture';

vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

test('lossy receivers move the lossy layer only; hostile ACKs are refused; a leaver stops counting at once', {
  timeout: 40_000,
}, async () => {
  const s = layeredSource({
    imageEncoder: napiEncoder,
    signalState: undefined,
    // Quick to react, so the test waits seconds, not tens of them.
    quality: {
      thresholds: { maxQueueDepth: 1, downDwellMs: 100, minChangeIntervalMs: 100, upDwellMs: 60_000 },
    },
  });
  disposers.push(s.dispose);
  const { source, got, relay, rt } = s;
  await expect.poll(() => got.some((m) => m.header.type === FrameType.LayerOffer)).toBe(true);
  relay.roster('snapshot', [1, 2, 3]);
  relay.report([
    { id: 1, layer: 1, reason: 'join' },
    { id: 2, layer: 2, reason: 'congested' },
    { id: 3, layer: 2, reason: 'congested' },
  ]);
  // Receiver 1 acks its lossless frames promptly; 2 acks lossy ones with a queue the lossy
  // controller reads as "cannot keep up" (plausible: within the bound for one keyframe); 3 is
  // hostile: queueDepth 65535 on every frame it sees, lossless ones included. 2 also acks the
  // lossless frames with its deep queue: plausible, but it is not on that layer, so it moves nothing.
  rt.on('message', (b) => {
    const m = decodeMessage(new Uint8Array(b));
    if (onLayer([m], 1).length === 1) {
      relay.ack(1, m, 0);
      relay.ack(2, m, 3);
      relay.ack(3, m, 65535);
    } else if (onLayer([m], 2).length === 1) {
      relay.ack(2, m, 3);
      relay.ack(3, m, 65535);
    }
  });
  await expect.poll(() => source.store.getState().layers?.lossy?.fps ?? 30).toBeLessThan(30);
  await expect.poll(() => source.store.getState().implausibleAcks).toBeGreaterThan(20);
  const { layers } = source.store.getState();
  expect(layers).toMatchObject({
    active: true,
    lossless: { fps: 30, receivers: [1], produced: true },
    lossy: { receivers: [2, 3], produced: true },
  });
  // The lossy layer's WebP quality is its own to lower too.
  await expect.poll(() => source.store.getState().layers?.lossy?.imageQuality ?? 1).toBeLessThan(0.8);
  expect(source.store.getState().quality).toMatchObject({ layer: 'lossless', fps: 30 });

  // Receiver 2 leaves: at the moment the source stores the new receiver list, it is on no layer.
  let onLossyAtLeave: readonly number[] | null = null;
  const unsub = source.store.subscribe((st) => {
    if (onLossyAtLeave === null && st.receiverIds !== null && !st.receiverIds.includes(2)) {
      onLossyAtLeave = st.layers?.lossy?.receivers ?? [];
    }
  });
  disposers.push(unsub);
  relay.roster('left', [2]);
  await expect.poll(() => onLossyAtLeave).not.toBeNull();
  expect(onLossyAtLeave).toEqual([3]);
  // Everyone off lossy: it stops being produced.
  relay.roster('left', [3]);
  await expect.poll(() => source.store.getState().layers?.lossy?.produced).toBe(false);
  expect(source.store.getState().layers?.lossless).toMatchObject({ fps: 30, produced: true });
});
