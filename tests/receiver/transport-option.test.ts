// The engines' `transport: 'auto' | 'webrtc'` option through a real relay on 127.0.0.1: the engines
// build a DataChannel transport (node-datachannel's polyfill in Node), say in their stores which
// path frames take, and the picture arrives exact either way.
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createReceiverEngine,
  createSourceEngine,
  type RTCPeerConnectionConstructor,
  type TransportChoice,
} from '@ds-stream/react/core';
import { createRelay } from '@ds-stream/react/relay';
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';
import { movingScene, canvasPixels as pixels } from '../helpers/scene';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 20_000 } } });

const W = 64;
const H = 48;
const Rtc = RTCPeerConnection as unknown as RTCPeerConnectionConstructor;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function relayOn(webrtc: boolean): Promise<string> {
  const relay = createRelay({ port: 0, host: '127.0.0.1', webrtc, logLevel: 'silent' });
  await relay.listen();
  cleanup.push(() => relay.close());
  return relay.url;
}

/** A scene that changes a little each step, like an animation. */
const scene = () =>
  movingScene(W, H, '#203040', (ctx, t) => {
    ctx.fillStyle = `rgb(${(t * 50) % 256}, ${(t * 30) % 256}, ${(t * 70) % 256})`;
    ctx.fillRect((t * 5) % W, (t * 7) % H, 11, 5);
  });

function engines(url: string, sourceTransport: TransportChoice, receiverTransport: TransportChoice) {
  const s = scene();
  const src = createSourceEngine({
    url,
    channel: 'rtc',
    WebSocket,
    RTCPeerConnection: Rtc,
    transport: sourceTransport,
    canvas: createCanvasCapture(s.canvas as unknown as CanvasLike),
    mode: 'delta',
    fps: 30,
  });
  const rcv = createReceiverEngine({
    url,
    channel: 'rtc',
    WebSocket,
    RTCPeerConnection: Rtc,
    transport: receiverTransport,
  });
  const out = createCanvas(1, 1);
  rcv.attach(null, createCanvasSurface(out));
  cleanup.push(
    () => src.dispose(),
    () => rcv.dispose(),
  );
  src.connect();
  rcv.connect();
  return { s, src, rcv, out };
}

/** Changes the scene a few times, then waits until the receiver shows exactly the still source. */
async function streamsExact(s: { canvas: Canvas; step(): void }, out: Canvas): Promise<void> {
  for (let i = 0; i < 10; i++) {
    s.step();
    await new Promise((r) => setTimeout(r, 35));
  }
  await expect.poll(() => out.width === W && pixels(out).equals(pixels(s.canvas))).toBe(true);
}

describe("engines' transport option", () => {
  test("a 'webrtc' source and an 'auto' receiver move to DataChannels, say so, and the picture arrives exact", async () => {
    const url = await relayOn(true);
    const { s, src, rcv, out } = engines(url, 'webrtc', 'auto');
    expect(src.store.getState().transport).toBe('websocket');
    await expect
      .poll(() => [src.store.getState().transport, rcv.store.getState().transport])
      .toEqual(['webrtc', 'webrtc']);
    await streamsExact(s, out);
    expect(rcv.store.getState()).toMatchObject({ mode: 'delta', width: W, height: H, error: null });
  });

  test("'auto' on both ends against a relay without WebRTC streams over the WebSocket", async () => {
    const url = await relayOn(false);
    const { s, src, rcv, out } = engines(url, 'auto', 'auto');
    await expect
      .poll(() => [src.store.getState().connection, rcv.store.getState().connection])
      .toEqual(['open', 'open']);
    await streamsExact(s, out);
    expect([src.store.getState().transport, rcv.store.getState().transport]).toEqual([
      'websocket',
      'websocket',
    ]);
  });

  test("a 'webrtc' receiver against a relay without WebRTC reports CONNECT_FAILED instead of streaming over the WebSocket", async () => {
    const url = await relayOn(false);
    const { rcv } = engines(url, 'websocket', 'webrtc');
    // The transport gives up after its 5 s ICE timeout, counts the connection lost and retries.
    await expect
      .poll(() => (rcv.store.getState().error as { code?: string } | null)?.code, { timeout: 30_000 })
      .toBe('CONNECT_FAILED');
    expect(rcv.store.getState().error?.message).toMatch(/WebRTC/);
    expect(rcv.store.getState().transport).toBe('websocket');
  });

  test('an unknown transport name is refused with BAD_TRANSPORT', () => {
    expect(() =>
      createReceiverEngine({ url: 'ws://x', channel: 'c', transport: 'udp' as TransportChoice }),
    ).toThrow(expect.objectContaining({ code: 'BAD_TRANSPORT' }));
  });
});
