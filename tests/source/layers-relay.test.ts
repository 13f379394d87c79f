// A layered source through a real relay, two receivers, one behind a throttled link shaper: each
// gets its own layer. The direct one stays on lossless while the throttled one is moved down;
// both hear their LayerReport; the source produces both layers; once the throttle lifts, the
// throttled receiver climbs back to lossless.
import {
  type CanvasLike,
  createCanvasCapture,
  createSourceEngine,
  type ReceiverEngine,
} from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { napiEncoder } from './layers-fixture';
import { stubCreateImageBitmap } from './napi-image-bitmap';
import { shapedReceiver, shapedRelay } from './shaped-relay';

vi.setConfig({ expect: { poll: { timeout: 20_000 } } });

stubCreateImageBitmap();

const W = 160;
const H = 120;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const receiver = (url: string, channel: string) => shapedReceiver(cleanup, url, channel);

/** Records every layer a receiver's store reports, in order (so a move down is seen even if brief). */
function layersOf(engine: ReceiverEngine): string[] {
  const seen: string[] = [];
  cleanup.push(
    engine.store.subscribe((s) => {
      const l = s.quality?.layer;
      if (l && seen.at(-1) !== l) seen.push(l);
    }),
  );
  return seen;
}

test('each receiver gets the layer its own link holds; the throttled one climbs back once lifted', {
  timeout: 180_000,
}, async () => {
  const { relay, shaper } = await shapedRelay(cleanup, { maxQueuedBytes: 32 * 1024 });

  // A scene that changes everywhere each frame: its lossless layer is far over 40 kB/s.
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  let t = 0;
  const timer = setInterval(() => {
    t++;
    for (let i = 0; i < 6; i++) {
      ctx.fillStyle = `rgb(${(t * 40 + i * 70) % 256}, ${(t * 90 + i * 30) % 256}, ${(i * 50) % 256})`;
      ctx.fillRect((t * 7 + i * 29) % W, (t * 3 + i * 17) % H, 40, 30);
    }
  }, 20);
  cleanup.push(() => clearInterval(timer));
  const source = createSourceEngine({
    url: relay.url,
    channel: 'layers',
    WebSocket,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    imageEncoder: napiEncoder,
    fps: 15,
    pingIntervalMs: 200,
    quality: {},
  });
  cleanup.push(() => source.dispose());
  source.connect();

  const direct = receiver(relay.url, 'layers');
  const directLayers = layersOf(direct);
  await expect.poll(() => direct.store.getState().quality?.layer).toBe('lossless');
  await expect.poll(() => direct.store.getState().stats.framesReceived).toBeGreaterThan(5);

  shaper.setRate(40_000);
  const slow = receiver(shaper.url, 'layers');
  const slowLayers = layersOf(slow);
  await expect.poll(() => slow.store.getState().quality?.layer, { timeout: 60_000 }).toBe('lossy');
  expect(slow.store.getState().quality?.reason).toMatch(/congested|lagging|join/);
  // Both layers produced, each with its own receiver.
  await expect.poll(() => source.store.getState().layers?.lossy?.receivers.length).toBe(1);
  const layers = source.store.getState().layers!;
  expect(layers.lossless).toMatchObject({ produced: true });
  expect(layers.lossy).toMatchObject({ produced: true });
  expect(layers.lossless!.receivers).toHaveLength(1);
  // Pictures keep reaching the throttled receiver on its layer.
  const before = slow.store.getState().stats.framesReceived;
  await expect.poll(() => slow.store.getState().stats.framesReceived).toBeGreaterThan(before + 5);
  expect(direct.store.getState().quality?.layer).toBe('lossless');
  expect(directLayers).toEqual(['lossless']);

  shaper.lift();
  await expect.poll(() => slow.store.getState().quality?.layer, { timeout: 60_000 }).toBe('lossless');
  expect(slow.store.getState().quality?.reason).toBe('recovered');
  expect(slowLayers).toContain('lossy');
  expect(directLayers).toEqual(['lossless']);
  expect(direct.store.getState().error).toBeNull();
  expect(slow.store.getState().error).toBeNull();
});
