import type { ReceiverEngine } from '@ds-stream/react/core';
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createReceiverEngine,
  createSourceEngine,
} from '@ds-stream/react/core';
import { createRelay, type Relay } from '@ds-stream/react/relay';
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { movingScene, canvasPixels as pixels } from '../helpers/scene';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

// Real relay on 127.0.0.1, real ws sockets, real codecs; only the canvas is @napi-rs instead of a browser's.
const W = 64;
const H = 48;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function relayOn(port = 0): Promise<Relay> {
  const relay = createRelay({ port, host: '127.0.0.1' });
  await relay.listen();
  cleanup.push(() => relay.close());
  return relay;
}

/** A scene that changes a little each step, like an animation. */
const scene = () =>
  movingScene(W, H, '#112233', (ctx, t) => {
    ctx.fillStyle = `rgb(${(t * 50) % 256}, ${(t * 20) % 256}, ${(t * 70) % 256})`;
    ctx.fillRect((t * 5) % W, (t * 7) % H, 11, 5);
  });

function source(
  url: string,
  s: { canvas: Canvas },
  extra: Partial<Parameters<typeof createSourceEngine>[0]> = {},
) {
  const engine = createSourceEngine({
    url,
    channel: 'springs',
    WebSocket,
    canvas: createCanvasCapture(s.canvas as unknown as CanvasLike),
    mode: 'delta',
    fps: 30,
    keyframeInterval: 1000,
    pingIntervalMs: 100,
    ...extra,
  });
  cleanup.push(() => engine.dispose());
  return engine;
}

function receiver(url: string): { engine: ReceiverEngine; out: Canvas } {
  const engine = createReceiverEngine({ url, channel: 'springs', WebSocket, pingIntervalMs: 100 });
  const out = createCanvas(1, 1);
  engine.attach(null, createCanvasSurface(out));
  cleanup.push(() => engine.dispose());
  return { engine, out };
}

async function animate(s: { step(): void }, frames: number, ms = 35): Promise<void> {
  for (let i = 0; i < frames; i++) {
    s.step();
    await new Promise((r) => setTimeout(r, ms));
  }
}

/** Waits until the receiver shows exactly what the (now still) source shows. */
const matches = (out: Canvas, s: { canvas: Canvas }) =>
  expect.poll(() => out.width === W && pixels(out).equals(pixels(s.canvas)), { timeout: 5000 }).toBe(true);

describe('engines over a real relay on 127.0.0.1', () => {
  test('delta stream arrives pixel-exact; input, ACKs, RTT and receiver count flow back', async () => {
    const relay = await relayOn();
    const s = scene();
    const acks: number[] = [];
    const src = source(relay.url, s, { onAck: (a) => acks.push(a.ackSeq) });
    const keys: number[] = [];
    src.on('keydown', (e) => keys.push(e.keyCode));
    src.connect();
    const { engine: rcv, out } = receiver(relay.url);
    rcv.connect();
    await expect.poll(() => rcv.store.getState().connection, { timeout: 5000 }).toBe('open');
    await animate(s, 12);
    await matches(out, s);
    expect(rcv.store.getState()).toMatchObject({ mode: 'delta', width: W, height: H, sourceOnline: true });
    rcv.sendInput({ kind: 'keydown', keyCode: 32, modifiers: 0 });
    await expect.poll(() => keys).toEqual([32]);
    expect(acks.length).toBeGreaterThan(0);
    await expect.poll(() => src.store.getState().receivers, { timeout: 3000 }).toBe(1);
    await expect.poll(() => rcv.store.getState().stats.rttMs, { timeout: 3000 }).not.toBeNull();
    await expect.poll(() => src.store.getState().stats.rttMs, { timeout: 3000 }).not.toBeNull();
    await expect.poll(() => src.store.getState().stats.framesSent).toBeGreaterThan(5);
    expect(src.store.getState().stats.bytesOutPerSec).toBeGreaterThan(0);
  });

  test('a late joiner gets a keyframe and shows the right picture at once', async () => {
    const relay = await relayOn();
    const s = scene();
    const src = source(relay.url, s);
    src.connect();
    await expect.poll(() => src.store.getState().connection, { timeout: 5000 }).toBe('open');
    await animate(s, 8);
    const { engine: rcv, out } = receiver(relay.url);
    rcv.connect();
    await animate(s, 4);
    await matches(out, s);
    expect(rcv.store.getState().stats.framesDropped).toBe(0);
  });

  test('relay restart: the receiver shows reconnecting then open, and gets a keyframe', async () => {
    let relay = await relayOn();
    const port = relay.port;
    const s = scene();
    const src = source(relay.url, s);
    src.connect();
    const { engine: rcv, out } = receiver(relay.url);
    const seen: string[] = [];
    rcv.store.subscribe((n, p) => n.connection !== p.connection && seen.push(n.connection));
    rcv.connect();
    await animate(s, 6);
    await matches(out, s);
    const received = rcv.store.getState().stats.framesReceived;

    await relay.close();
    cleanup.pop();
    await expect.poll(() => rcv.store.getState().connection, { timeout: 3000 }).toBe('reconnecting');
    s.step(); // the picture changes while the relay is down
    relay = await relayOn(port);
    await expect.poll(() => rcv.store.getState().connection, { timeout: 10_000 }).toBe('open');
    await expect.poll(() => src.store.getState().connection, { timeout: 10_000 }).toBe('open');
    await animate(s, 3);
    await matches(out, s);
    // Stats reach the store at about 4 Hz, so poll.
    await expect.poll(() => rcv.store.getState().stats.framesReceived).toBeGreaterThan(received);
    expect(seen.slice(0, 1)).toEqual(['connecting']);
    expect(seen).toContain('reconnecting');
    expect(seen.at(-1)).toBe('open');
    expect(seen.indexOf('reconnecting')).toBeLessThan(seen.lastIndexOf('open'));
  }, 30_000);
});
