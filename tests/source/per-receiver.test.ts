// Two receivers over a real relay, one behind a link shaper: the relay stamps each receiver's id on
// its input, the app's handlers get it, and the quality controller follows the slow receiver.
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createReceiverEngine,
  createSourceEngine,
  ladderIndex,
} from '@ds-stream/react/core';
import { createLinkShaper, createRelay } from '@ds-stream/react/relay';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';

vi.setConfig({ expect: { poll: { timeout: 10_000 } } });

const W = 160;
const H = 120;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function receiver(url: string) {
  const engine = createReceiverEngine({ url, channel: 'two', WebSocket, pingIntervalMs: 200 });
  engine.attach(null, createCanvasSurface(createCanvas(1, 1)));
  cleanup.push(() => engine.dispose());
  engine.connect();
  return engine;
}

test('input carries each receiver id; the controller steps down for the throttled receiver only', {
  timeout: 40_000,
}, async () => {
  const relay = createRelay({ port: 0, host: '127.0.0.1' });
  await relay.listen();
  cleanup.push(() => relay.close());
  // Raw pixels at 15 fps are 1.15 MB/s; the slow receiver's link carries 120 kB/s.
  const shaper = createLinkShaper({ target: relay.url, bytesPerSecond: 120_000, maxQueuedBytes: 64 * 1024 });
  await shaper.listen();
  cleanup.push(() => shaper.close());

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
    mode: 'pixel',
    fps: 15,
    pingIntervalMs: 200,
    quality: { mode: 'pixel' },
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
  // One fast receiver: raw pixels fit, the controller has estimates and stays at pixel.
  await expect.poll(() => source.store.getState().quality.estimates.bandwidthBps).not.toBeNull();
  expect(source.store.getState().quality.level).toBe('pixel');

  const slow = receiver(shaper.url);
  await expect.poll(() => slow.store.getState().stats.framesReceived).toBeGreaterThan(0);
  slow.sendInput({ kind: 'pointerdown', x: 2, y: 0, buttons: 1 });
  await expect.poll(() => from.get(2)).toBeGreaterThan(0);
  const fastId = from.get(1)!;
  const slowId = from.get(2)!;
  expect(slowId).not.toBe(fastId);
  expect(any).toEqual([fastId, slowId]);
  await expect.poll(() => source.store.getState().receivers).toBe(2);

  // The slow receiver's ACKs move the controller down; the reason names it by its relay id.
  await expect
    .poll(() => ladderIndex(source.store.getState().quality.level), { timeout: 20_000 })
    .toBeGreaterThan(ladderIndex('pixel'));
  const q = source.store.getState().quality;
  expect(q.reason).toContain(`(${slowId})`);
  expect(q.reason).not.toContain(`(${fastId})`);
  // Its delivered bandwidth (the slowest link) is what the controller reports, far below raw pixels.
  expect(q.estimates.bandwidthBps).not.toBeNull();
  expect(q.estimates.bandwidthBps!).toBeLessThan(600_000);
  expect(fast.store.getState().error).toBeNull();
});
