// captureNow(): the app captures right after painting, within the fps budget and the engine's
// one-frame-in-flight and backpressure rules; 'manual' captures nothing on its own.
import { type CanvasLike, createCanvasCapture, createSourceEngine } from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { decodeMessage, FrameType } from '../../src/protocol/index';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup(capture: 'manual' | 'interval', fps = 10, maxBufferedBytes = 1024 * 1024) {
  const [st, rt] = createTransportPair();
  const canvas = createCanvas(16, 8);
  const ctx = canvas.getContext('2d');
  const source = createSourceEngine({
    url: 'ws://unused',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    mode: 'pixel',
    fps,
    capture,
    maxBufferedBytes,
    pingIntervalMs: 0,
  });
  rt.connect();
  disposers.push(() => source.dispose());
  const frames = () => st.sent.filter((m) => decodeMessage(m).header.type === FrameType.Pixels);
  return { st, source, ctx, frames };
}

test('manual: nothing is captured until captureNow, which sends what was just painted', async () => {
  const { st, source, ctx, frames } = setup('manual');
  expect(source.captureNow()).toBe(false); // not connected yet
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  await new Promise((r) => setTimeout(r, 150));
  expect(frames().length).toBe(0);
  ctx.fillStyle = '#ff0000';
  ctx.fillRect(0, 0, 16, 8);
  expect(source.captureNow()).toBe(true);
  await expect.poll(() => frames().length).toBe(1);
  const px = decodeMessage(frames()[0]!).payload;
  expect([px[0], px[1], px[2]]).toEqual([255, 0, 0]);
});

test('captureNow faster than fps is throttled to the budget', async () => {
  const { st, source, frames } = setup('manual', 10);
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  let accepted = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 500) {
    if (source.captureNow()) accepted++;
    await new Promise((r) => setTimeout(r, 5));
  }
  // 10 fps over 0.5 s: 5 or 6 slots (a call may land a quarter interval early), never one per call.
  expect(accepted).toBeGreaterThanOrEqual(4);
  expect(accepted).toBeLessThanOrEqual(6);
  await expect.poll(() => frames().length).toBe(accepted);
});

test('captureNow respects backpressure: the step is dropped while the socket is backed up', async () => {
  const { st, source, frames } = setup('manual', 240, 1);
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  st.stall();
  expect(source.captureNow()).toBe(true);
  await expect.poll(() => frames().length).toBe(1);
  await new Promise((r) => setTimeout(r, 10));
  expect(source.captureNow()).toBe(true); // a slot, but the engine skips it: bytes are still queued
  await expect.poll(() => source.store.getState().stats.framesDropped, { timeout: 2000 }).toBeGreaterThan(0);
  expect(frames().length).toBe(1);
});

test('interval schedule streams on its own and shares the budget with captureNow', async () => {
  const { st, source, frames } = setup('interval', 2);
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  await expect.poll(() => frames().length).toBe(1);
  // The clock took the slot at start; the next is 500 ms later, so captureNow finds none now.
  expect(source.captureNow()).toBe(false);
  await expect.poll(() => frames().length, { timeout: 3000 }).toBe(2);
});
