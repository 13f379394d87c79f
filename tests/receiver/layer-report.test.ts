// A receiver keeps the relay's LayerReport about itself as its `quality`: the layer it is on and
// why; a LayerOffer that reaches it (a relay that forwards it) changes nothing.

import { afterEach, expect, test, vi } from 'vitest';
import { encodeLayerOffer, encodeLayerReport } from '../../src/internal';
import { createReceiverEngine } from '../../src/receiver/receiver-engine';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

test("the receiver's quality is its own layer and the relay's reason; LayerOffer is ignored", async () => {
  const [relay, rt] = createTransportPair();
  const receiver = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: rt, pingIntervalMs: 0 });
  disposers.push(() => receiver.dispose());
  relay.connect();
  receiver.connect();
  await expect.poll(() => receiver.store.getState().connection).toBe('open');
  expect(receiver.store.getState().quality).toBeUndefined();
  relay.send(encodeLayerOffer(0x0e, { seq: 0, timestamp: 0 }));
  relay.send(encodeLayerReport([{ id: 7, layer: 1, reason: 'join' }], { seq: 0, timestamp: 0 }));
  await expect
    .poll(() => receiver.store.getState().quality)
    .toMatchObject({
      layer: 'lossless',
      level: 'delta',
      reason: 'join',
      pinned: false,
    });
  relay.send(encodeLayerReport([{ id: 7, layer: 2, reason: 'congested' }], { seq: 1, timestamp: 0 }));
  await expect
    .poll(() => receiver.store.getState().quality)
    .toMatchObject({
      layer: 'lossy',
      level: 'compressed',
      reason: 'congested',
    });
  relay.send(encodeLayerReport([{ id: 7, layer: 3, reason: 'lagging' }], { seq: 2, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().quality?.layer).toBe('signal');
  expect(receiver.store.getState().error).toBeNull();
});
