import {
  type CanvasLike,
  createCanvasCapture,
  createCompositeReceiver,
  createSourceEngine,
  type LayerPlacement,
} from '@ds-stream/react/core';
import { createRelay, type Relay } from '@ds-stream/react/relay';
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';

// Real relay on 127.0.0.1, real ws sockets, real codecs; the canvases are @napi-rs instead of a browser's.
vi.setConfig({ expect: { poll: { timeout: 10000 } } });
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function relayOn(): Promise<Relay> {
  const relay = createRelay({ port: 0, host: '127.0.0.1' });
  await relay.listen();
  cleanup.push(() => relay.close());
  return relay;
}

function scene(w: number, h: number, seed: number): { canvas: Canvas; step(): void } {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = `rgb(${seed * 40}, 30, ${200 - seed * 30})`;
  ctx.fillRect(0, 0, w, h);
  let t = 0;
  return {
    canvas,
    step() {
      t++;
      ctx.fillStyle = `rgb(${(t * 50 + seed * 90) % 256}, ${(t * 20) % 256}, ${(t * 70) % 256})`;
      ctx.fillRect((t * 5) % w, (t * 3) % h, 5, 4);
    },
  };
}

/** A layer source: an ordinary source engine with the `layer` option (`&layer=<name>`). */
function layerSource(url: string, name: string, s: { canvas: Canvas }, placement: LayerPlacement) {
  const engine = createSourceEngine({
    url,
    channel: 'arena',
    WebSocket,
    layer: { id: name, ...placement },
    canvas: createCanvasCapture(s.canvas as unknown as CanvasLike),
    mode: 'delta',
    fps: 30,
    keyframeInterval: 1000,
  });
  const inputs: { kind: string; x: number; y: number }[] = [];
  engine.on('pointerdown', (e) => inputs.push({ kind: e.kind, x: e.x, y: e.y }));
  const keys: number[] = [];
  engine.on('keydown', (e) => keys.push(e.keyCode));
  cleanup.push(() => engine.dispose());
  engine.connect();
  return { engine, inputs, keys };
}

const rgba = (c: Canvas) => Buffer.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);

/** The composite the receiver should show: each source canvas drawn 1:1 into its region, in z order. */
function reference(w: number, h: number, layers: { canvas: Canvas; x: number; y: number }[]): Buffer {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  for (const l of layers) ctx.drawImage(l.canvas, l.x, l.y);
  return rgba(c);
}

async function animate(scenes: { step(): void }[], frames: number): Promise<void> {
  for (let i = 0; i < frames; i++) {
    for (const s of scenes) s.step();
    await new Promise((r) => setTimeout(r, 35));
  }
}

const BG: LayerPlacement = { z: 0, x: 0, y: 0, width: 64, height: 48, opacity: 255, input: true };
const PIP: LayerPlacement = { z: 10, x: 40, y: 30, width: 16, height: 12, opacity: 255, input: true };

describe('composite receiver over a real relay', () => {
  test('two layers composite pixel-exact, a click lands in the layer under it, a leave clears its region', async () => {
    const relay = await relayOn();
    const bg = scene(64, 48, 1);
    const pip = scene(16, 12, 2);
    const a = layerSource(relay.url, 'bg', bg, BG);
    const b = layerSource(relay.url, 'pip', pip, PIP);
    const rx = createCompositeReceiver({ url: relay.url, channel: 'arena', WebSocket, createCanvas });
    cleanup.push(() => rx.dispose());
    const out = createCanvas(1, 1);
    rx.attach(null, out);
    rx.connect();
    await expect
      .poll(() => rx.store.getState().layers.map((l) => `${l.name}:${l.online}:${l.pictureWidth}`))
      .toEqual(['bg:true:64', 'pip:true:16']);
    await animate([bg, pip], 10);
    const both = [
      { canvas: bg.canvas, x: 0, y: 0 },
      { canvas: pip.canvas, x: 40, y: 30 },
    ];
    await expect.poll(() => out.width === 64 && rgba(out).equals(reference(64, 48, both))).toBe(true);

    rx.sendInput({ kind: 'pointerdown', x: 45, y: 33, buttons: 1 });
    rx.sendInput({ kind: 'pointerup', x: 45, y: 33, buttons: 0 });
    rx.sendInput({ kind: 'pointerdown', x: 10, y: 5, buttons: 1 });
    await expect.poll(() => b.inputs).toEqual([{ kind: 'pointerdown', x: 5, y: 3 }]);
    await expect.poll(() => a.inputs).toEqual([{ kind: 'pointerdown', x: 10, y: 5 }]);
    // Focus follows the last click: the background.
    rx.sendInput({ kind: 'keydown', keyCode: 65, modifiers: 0 });
    await expect.poll(() => a.keys).toEqual([65]);
    expect(b.keys).toEqual([]);

    b.engine.dispose();
    // Offline (listed while the relay keeps its state) or gone: either way not drawn and no engine.
    await expect.poll(() => rx.store.getState().layers.some((l) => l.name === 'pip' && l.online)).toBe(false);
    expect(rx.engine('pip')).toBeNull();
    await animate([bg], 3);
    await expect.poll(() => rgba(out).equals(reference(64, 48, [both[0]!]))).toBe(true);
  });

  test('a late joiner sees every layer at once', async () => {
    const relay = await relayOn();
    const bg = scene(64, 48, 3);
    const pip = scene(16, 12, 4);
    layerSource(relay.url, 'bg', bg, BG);
    layerSource(relay.url, 'pip', pip, PIP);
    await animate([bg, pip], 10);
    const rx = createCompositeReceiver({ url: relay.url, channel: 'arena', WebSocket, createCanvas });
    cleanup.push(() => rx.dispose());
    const out = createCanvas(1, 1);
    rx.attach(null, out);
    rx.connect();
    const ref = reference(64, 48, [
      { canvas: bg.canvas, x: 0, y: 0 },
      { canvas: pip.canvas, x: 40, y: 30 },
    ]);
    await expect.poll(() => out.width === 64 && rgba(out).equals(ref)).toBe(true);
  });
});
