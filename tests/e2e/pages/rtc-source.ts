// e2e source over WebRTC DataChannels in Chromium: a framework-free source engine with the engine
// option `transport` (query: relay, channel, mode pixel|delta, transport auto|webrtc|websocket).
// The test paints numbered pictures with `draw(n)`; the engine captures the canvas on an interval.
import { createSourceEngine, type StreamMode, type TransportChoice } from '@ds-stream/react/core';
import { canvasPixels, param } from './probe';

const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
const W = canvas.width;
const H = canvas.height;
const engine = createSourceEngine({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'e2e'),
  mode: param('mode', 'delta') as StreamMode,
  transport: param('transport', 'webrtc') as TransportChoice,
  capture: 'interval',
  fps: 15,
  canvas,
});

/** Picture `n`: opaque (so the canvas keeps the bytes exact), a band that moves with `n`. */
function draw(n: number): void {
  const img = ctx.createImageData(W, H);
  const d = img.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const band = (x + n * 17) % W < 120;
      d[i] = x & 0xff;
      d[i + 1] = band ? (n * 29) & 0xff : y & 0xff;
      d[i + 2] = (x ^ y) & 0xff;
      d[i + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
draw(0);
engine.connect();

Object.assign(window, {
  e2e: {
    draw,
    kind: () => engine.store.getState().transport,
    state: () => engine.store.getState(),
    pixels: () => canvasPixels(canvas),
  },
});
