import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { describe, expect, test } from 'vitest';
import type { CompositionLayer } from '../../src/protocol/index';
import { type Composite2DLike, paintComposite } from '../../src/receiver/composition/paint';

// Compositing onto a real 2D canvas (@napi-rs/canvas, Skia): the pixels are what a browser shows.
const layer = (name: string, over: Partial<CompositionLayer> = {}): CompositionLayer => ({
  name,
  z: 0,
  x: 0,
  y: 0,
  width: 8,
  height: 8,
  opacity: 255,
  input: true,
  online: true,
  ...over,
});

function solid(w: number, h: number, rgb: [number, number, number]): Canvas {
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = `rgb(${rgb.join(',')})`;
  ctx.fillRect(0, 0, w, h);
  return c;
}

function target(w: number, h: number) {
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data);
  return { canvas, ctx: ctx as unknown as Composite2DLike, px };
}

describe('paintComposite', () => {
  test('draws layers in z order, each into its region', () => {
    const t = target(8, 8);
    const red = solid(8, 8, [255, 0, 0]);
    const blue = solid(4, 4, [0, 0, 255]);
    // Given top first: the z order, not the list order, decides.
    paintComposite(t.ctx, 8, 8, [
      { layer: layer('pip', { z: 5, x: 4, y: 4, width: 4, height: 4 }), image: blue, width: 4, height: 4 },
      { layer: layer('bg'), image: red, width: 8, height: 8 },
    ]);
    expect(t.px(0, 0)).toEqual([255, 0, 0, 255]);
    expect(t.px(3, 3)).toEqual([255, 0, 0, 255]);
    expect(t.px(4, 4)).toEqual([0, 0, 255, 255]);
    expect(t.px(7, 7)).toEqual([0, 0, 255, 255]);
  });

  test('scales a picture into a larger region (nearest colour stays exact for a solid picture)', () => {
    const t = target(8, 8);
    paintComposite(t.ctx, 8, 8, [
      {
        layer: layer('l', { x: 2, y: 2, width: 6, height: 6 }),
        image: solid(2, 2, [0, 255, 0]),
        width: 2,
        height: 2,
      },
    ]);
    expect(t.px(1, 1)).toEqual([0, 0, 0, 0]);
    expect(t.px(2, 2)).toEqual([0, 255, 0, 255]);
    expect(t.px(7, 7)).toEqual([0, 255, 0, 255]);
  });

  test('opacity blends with globalAlpha = opacity / 255 and is reset afterwards', () => {
    const t = target(8, 8);
    paintComposite(t.ctx, 8, 8, [
      { layer: layer('bg'), image: solid(8, 8, [0, 0, 0]), width: 8, height: 8 },
      {
        layer: layer('top', { z: 1, opacity: 128 }),
        image: solid(8, 8, [255, 255, 255]),
        width: 8,
        height: 8,
      },
    ]);
    const [r, g, b, a] = t.px(3, 3);
    expect(a).toBe(255);
    for (const v of [r, g, b]) expect(Math.abs(v! - 128)).toBeLessThanOrEqual(1);
    expect(t.ctx.globalAlpha).toBe(1);
  });

  test('offline layers, layers without a picture and a repaint leave their regions clear', () => {
    const t = target(8, 8);
    const red = solid(8, 8, [255, 0, 0]);
    paintComposite(t.ctx, 8, 8, [{ layer: layer('bg'), image: red, width: 8, height: 8 }]);
    expect(t.px(0, 0)).toEqual([255, 0, 0, 255]);
    paintComposite(t.ctx, 8, 8, [
      { layer: layer('bg', { online: false }), image: red, width: 8, height: 8 },
      { layer: layer('pip'), image: null, width: 0, height: 0 },
    ]);
    expect(t.px(0, 0)).toEqual([0, 0, 0, 0]);
    expect(t.px(7, 7)).toEqual([0, 0, 0, 0]);
  });

  test('an offline top layer shows the layer below in its region', () => {
    const t = target(8, 8);
    paintComposite(t.ctx, 8, 8, [
      { layer: layer('bg'), image: solid(8, 8, [255, 0, 0]), width: 8, height: 8 },
      { layer: layer('pip', { z: 2, online: false }), image: solid(8, 8, [0, 0, 255]), width: 8, height: 8 },
    ]);
    expect(t.px(5, 5)).toEqual([255, 0, 0, 255]);
  });
});
