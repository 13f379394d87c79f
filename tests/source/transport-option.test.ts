// A Node source engine with `transport: 'auto'` through a real relay: its pictures take the
// DataChannel (a Node DataChannel receiver counts the bytes per path), and its store says so.
import {
  type CanvasLike,
  createCanvasCapture,
  createSourceEngine,
  type RTCPeerConnectionConstructor,
} from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { FrameType } from '../../src/protocol/index';
import { startRelay } from '../relay/helpers';
import { rtcClient } from '../transport/datachannel-fixture';
import { onCleanup, setUpRelayFixture } from '../transport/relay-fixture';

setUpRelayFixture();

const W = 200;
const H = 100;

describe("source engine, transport 'auto'", () => {
  test('pictures go over the DataChannel once both ends are on WebRTC; the store says webrtc', async () => {
    const relay = await startRelay();
    const rx = rtcClient(relay.url, 'src-rtc', 'receiver');
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d');
    const src = createSourceEngine({
      url: relay.url,
      channel: 'src-rtc',
      WebSocket,
      RTCPeerConnection: RTCPeerConnection as unknown as RTCPeerConnectionConstructor,
      transport: 'auto',
      canvas: createCanvasCapture(canvas as unknown as CanvasLike),
      mode: 'pixel',
      fps: 20,
    });
    onCleanup(() => src.dispose());
    src.connect();
    await expect
      .poll(() => [src.store.getState().transport, rx.t.kind], { timeout: 20_000 })
      .toEqual(['webrtc', 'webrtc']);
    // Pictures sent before the switch took the WebSocket: count from here.
    const before = { ...rx.t.counters };
    for (let i = 0; i < 10; i++) {
      ctx.fillStyle = `rgb(${i * 20}, 40, 90)`;
      ctx.fillRect(i * 10, 0, 10, H);
      await new Promise((r) => setTimeout(r, 60));
    }
    await expect
      .poll(() => rx.received.filter((m) => m[0] === FrameType.Pixels).length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    // Pixel frames of 80,016 B: what came after the switch came over the DataChannel.
    const rtc = rx.t.counters.webrtcBytesIn - before.webrtcBytesIn;
    const ws = rx.t.counters.websocketBytesIn - before.websocketBytesIn;
    expect(rtc).toBeGreaterThanOrEqual(3 * (W * H * 4 + 16));
    expect(rtc / (rtc + ws)).toBeGreaterThanOrEqual(0.9);
    expect(src.store.getState().error).toBeNull();
  });
});
