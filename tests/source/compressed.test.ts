// Compressed mode in a Node source: WebP/PNG from @napi-rs/canvas through `imageEncoder`, decoded
// back with the same library; one encode in flight at a time; the controller only offers modes the
// engine can produce.
import {
  type CanvasLike,
  createCanvasCapture,
  createQualityController,
  createSourceEngine,
  decodeCompressed,
  decodeMessage,
  Flag,
  FrameType,
  type ImageEncodeFn,
  type SourceEngineOptions,
} from '@ds-stream/react/core';
import { createCanvas, ImageData, loadImage } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 8000 } } });

const W = 64;
const H = 48;
const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

const napiEncoder: ImageEncodeFn = async (f, o) => {
  const c = createCanvas(f.width, f.height);
  c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(f.rgba), f.width, f.height), 0, 0);
  return o.type === 'image/png' ? c.encode('png') : c.encode('webp', Math.round(o.quality * 100));
};

function scene() {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const g = ctx.createLinearGradient(0, 0, W, H);
  g.addColorStop(0, '#1e3a8a');
  g.addColorStop(1, '#f59e0b');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#10b981';
  ctx.beginPath();
  ctx.arc(30, 22, 12, 0, Math.PI * 2);
  ctx.fill();
  return canvas;
}

function setup(extra: Partial<SourceEngineOptions>) {
  const [st, rt] = createTransportPair();
  const canvas = scene();
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    fps: 30,
    pingIntervalMs: 0,
    ...extra,
  });
  disposers.push(() => source.dispose());
  const frames: Uint8Array[] = [];
  rt.on('message', (b) => {
    if (b[0] === FrameType.CompressedPixels) frames.push(b.slice());
  });
  rt.connect();
  source.connect();
  return { source, frames, canvas };
}

async function decodeToRgba(message: Uint8Array) {
  const pic = decodeCompressed(decodeMessage(message));
  const img = await loadImage(Buffer.from(pic.bytes));
  const c = createCanvas(pic.width, pic.height);
  c.getContext('2d').drawImage(img, 0, 0);
  return { pic, rgba: c.getContext('2d').getImageData(0, 0, pic.width, pic.height).data };
}

function psnr(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a[i + c]! - b[i + c]!;
      se += d * d;
      n++;
    }
  }
  return se === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / (se / n));
}

describe('compressed mode with an imageEncoder', () => {
  test('sends WebP CompressedPixels keyframes that decode within 30 dB of the source', async () => {
    const { frames, canvas } = setup({ mode: 'compressed', imageEncoder: napiEncoder });
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(3);
    const m = frames[0]!;
    expect(m[1]! & (Flag.Compressed | Flag.Keyframe)).toBe(Flag.Compressed | Flag.Keyframe);
    const { pic, rgba } = await decodeToRgba(m);
    expect(pic).toMatchObject({ mime: 'image/webp', width: W, height: H });
    expect(pic.bytes.length).toBeLessThan(W * H * 4);
    const src = canvas.getContext('2d').getImageData(0, 0, W, H).data;
    expect(psnr(src, rgba)).toBeGreaterThan(30);
  });

  test('lossless sends PNG that decodes to the exact picture', async () => {
    const { frames, canvas } = setup({ mode: 'compressed', imageEncoder: napiEncoder, lossless: true });
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(1);
    const { pic, rgba } = await decodeToRgba(frames[0]!);
    expect(pic.mime).toBe('image/png');
    expect(psnr(canvas.getContext('2d').getImageData(0, 0, W, H).data, rgba)).toBe(Number.POSITIVE_INFINITY);
  });

  test('setImageQuality reaches the encoder and the store; a lower quality makes smaller frames', async () => {
    const seen: number[] = [];
    const enc: ImageEncodeFn = (f, o) => {
      seen.push(o.quality);
      return napiEncoder(f, o);
    };
    const { source, frames } = setup({ mode: 'compressed', imageEncoder: enc, imageQuality: 0.95 });
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(2);
    const big = frames.at(-1)!.length;
    source.setImageQuality(0.1);
    expect(source.store.getState().imageQuality).toBe(0.1);
    await expect.poll(() => seen.at(-1)).toBe(0.1);
    const n = frames.length;
    await expect.poll(() => frames.length).toBeGreaterThan(n + 1);
    expect(frames.at(-1)!.length).toBeLessThan(big);
  });

  test('a slow encoder never has two encodes in flight; due frames are skipped and counted', async () => {
    let inFlight = 0;
    let most = 0;
    const slow: ImageEncodeFn = async (f, o) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 120));
      try {
        return await napiEncoder(f, o);
      } finally {
        inFlight--;
      }
    };
    const { source, frames } = setup({ mode: 'compressed', imageEncoder: slow, fps: 60 });
    await expect.poll(() => frames.length).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    await expect.poll(() => source.store.getState().stats.framesDropped).toBeGreaterThan(0);
  });
});

describe('modes offered to the quality controller', () => {
  test('a Node source without an image encoder or signal getter offers pixel and delta only', () => {
    const { source } = setup({ mode: 'compressed', quality: {} });
    // compressed cannot be produced here: the controller starts on the next worse rung.
    expect(source.store.getState().quality.level).toBe('delta');
    expect(source.store.getState().mode).toBe('delta');
  });

  test('with an image encoder compressed is a rung; a signal getter adds signal, removing it drops it', () => {
    const qc = createQualityController({ mode: 'compressed' });
    const { source } = setup({ imageEncoder: napiEncoder, quality: qc });
    expect(source.store.getState().mode).toBe('compressed');
    expect(qc.state.config.available).toEqual([true, true, true, false]);
    source.setSignalState(() => ({ a: 1 }));
    expect(qc.state.config.available).toEqual([true, true, true, true]);
    source.setSignalState(null);
    expect(qc.state.config.available).toEqual([true, true, true, false]);
  });
});
