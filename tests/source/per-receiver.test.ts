// Two receivers over a real relay, one behind a link shaper: the relay stamps each receiver's id on
// its input and the app's handlers get it; each receiver gets the layer its own link holds (the
// relay moves the throttled one down, reports it in /metrics and to the source), and the layer
// the fast one is on keeps its fps.
import { type CanvasLike, createCanvasCapture, createSourceEngine } from '@ds-stream/react/core';
import type { Relay } from '@ds-stream/react/relay';
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

const receiver = (url: string) => shapedReceiver(cleanup, url, 'two');

/** Layer code the relay's /metrics gives receiver `id` (`null` when it lists none). */
async function relayLayerOf(relay: Relay, id: number): Promise<number | null> {
  const text = await (await fetch(`${relay.url.replace(/^ws/, 'http')}/metrics`)).text();
  const series = `ds_relay_receiver_layer{channel="two",receiver="${id}"} `;
  const line = text.split('\n').find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length)) : null;
}

test('input carries each receiver id; the relay moves the throttled receiver down, the fast one keeps lossless', {
  timeout: 180_000,
}, async () => {
  // Raw pixels at 15 fps are 1.15 MB/s; the slow receiver's link carries 120 kB/s.
  const { relay, shaper } = await shapedRelay(cleanup, {
    bytesPerSecond: 120_000,
    maxQueuedBytes: 64 * 1024,
  });

  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  let t = 0;
  const timer = setInterval(() => {
    t++;
    ctx.fillStyle = `rgb(${(t * 40) % 256}, ${(t * 90) % 256}, 30)`;
    ctx.fillRect((t * 7) % W, (t * 3) % H, 12, 8);
  }, 30);
  cleanup.push(() => clearInterval(timer));
  const source = createSourceEngine({
    url: relay.url,
    channel: 'two',
    WebSocket,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    imageEncoder: napiEncoder,
    fps: 15,
    pingIntervalMs: 200,
    // Lossless is raw pixels here (no delta), lossy is WebP.
    quality: { modes: ['pixel', 'compressed'] },
  });
  cleanup.push(() => source.dispose());
  const from = new Map<number, number>();
  source.on('pointerdown', (e, { receiverId }) => from.set(e.x, receiverId));
  const any: number[] = [];
  source.on('*', (e, origin) => {
    if (e.kind === 'pointerdown') any.push(origin.receiverId);
  });
  source.connect();

  const fast = receiver(relay.url);
  await expect.poll(() => fast.store.getState().stats.framesReceived).toBeGreaterThan(10);
  fast.sendInput({ kind: 'pointerdown', x: 1, y: 0, buttons: 1 });
  await expect.poll(() => from.get(1)).toBeGreaterThan(0);
  const fastId = from.get(1)!;
  // One fast receiver: on lossless (raw pixels), which the source produces at its target fps.
  await expect.poll(() => fast.store.getState().quality?.layer).toBe('lossless');
  expect(fast.store.getState().mode).toBe('pixel');
  await expect.poll(() => source.store.getState().layers?.lossless?.receivers).toEqual([fastId]);
  expect(source.store.getState().layers?.lossless).toMatchObject({ mode: 'pixel', fps: 15, produced: true });

  const slow = receiver(shaper.url);
  await expect.poll(() => slow.store.getState().stats.framesReceived).toBeGreaterThan(0);
  slow.sendInput({ kind: 'pointerdown', x: 2, y: 0, buttons: 1 });
  await expect.poll(() => from.get(2)).toBeGreaterThan(0);
  const slowId = from.get(2)!;
  expect(slowId).not.toBe(fastId);
  expect(any).toEqual([fastId, slowId]);
  await expect.poll(() => source.store.getState().receivers).toBe(2);

  // The relay moves the slow receiver to lossy for its own link, and says so to it, to the
  // source (LayerReport) and in /metrics.
  await expect.poll(() => slow.store.getState().quality?.layer, { timeout: 100_000 }).toBe('lossy');
  expect(slow.store.getState().quality?.reason).toMatch(/congested|lagging/);
  await expect.poll(() => source.store.getState().layers?.lossy?.receivers).toEqual([slowId]);
  expect(await relayLayerOf(relay, slowId)).toBe(2);
  expect(await relayLayerOf(relay, fastId)).toBe(1);
  // The fast receiver stays on lossless, whose fps it alone decides: the slow one moved nothing.
  const layers = source.store.getState().layers!;
  expect(layers.lossless).toMatchObject({ receivers: [fastId], fps: 15, produced: true });
  expect(layers.lossy).toMatchObject({ produced: true });
  expect(fast.store.getState().quality?.layer).toBe('lossless');
  // The slow receiver keeps getting (and drawing) pictures on its layer.
  const before = slow.store.getState().stats.framesReceived;
  await expect.poll(() => slow.store.getState().stats.framesReceived).toBeGreaterThan(before + 5);
  expect(slow.store.getState().mode).toBe('compressed');
  expect(fast.store.getState().error).toBeNull();
  expect(slow.store.getState().error).toBeNull();
});
