import { describe, expect, test } from 'vitest';
import type { CompositionLayer } from '../../src/protocol/index';
import {
  baseLayer,
  drawOrder,
  layerAt,
  regionContains,
  toLayerPoint,
} from '../../src/receiver/composition/layers';

const layer = (name: string, over: Partial<CompositionLayer> = {}): CompositionLayer => ({
  name,
  z: 0,
  x: 0,
  y: 0,
  width: 100,
  height: 100,
  opacity: 255,
  input: true,
  online: true,
  ...over,
});

describe('drawOrder', () => {
  test('sorts by z, then by name, without touching the input', () => {
    const input = [
      layer('b', { z: 1 }),
      layer('a', { z: 1 }),
      layer('top', { z: 5 }),
      layer('low', { z: -2 }),
    ];
    expect(drawOrder(input).map((l) => l.name)).toEqual(['low', 'a', 'b', 'top']);
    expect(input.map((l) => l.name)).toEqual(['b', 'a', 'top', 'low']);
  });
  test('the base layer "" comes first among z 0', () => {
    expect(drawOrder([layer('a'), baseLayer(100, 100, true)]).map((l) => l.name)).toEqual(['', 'a']);
  });
});

describe('layerAt', () => {
  const bg = layer('bg', { width: 600, height: 400 });
  const pip = layer('pip', { z: 10, x: 400, y: 250, width: 160, height: 120 });
  const hud = layer('hud', { z: 20, x: 0, y: 0, width: 600, height: 40, input: false });

  test('the topmost region under the point wins', () => {
    expect(layerAt([bg, pip, hud], 450, 300)?.name).toBe('pip');
    expect(layerAt([pip, bg, hud], 100, 100)?.name).toBe('bg');
  });
  test('regions are half-open: the right and bottom edges belong outside', () => {
    expect(layerAt([bg, pip], 559, 369)?.name).toBe('pip');
    expect(layerAt([bg, pip], 560, 300)?.name).toBe('bg');
    expect(layerAt([bg, pip], 450, 370)?.name).toBe('bg');
    expect(regionContains(pip, 400, 250)).toBe(true);
  });
  test('a layer without input lets the click through to the layer below', () => {
    expect(layerAt([bg, hud], 10, 10)?.name).toBe('bg');
  });
  test('an offline layer takes nothing', () => {
    expect(layerAt([bg, { ...pip, online: false }], 450, 300)?.name).toBe('bg');
    expect(layerAt([{ ...bg, online: false }], 10, 10)).toBeNull();
  });
  test('empty space has no layer', () => {
    expect(layerAt([pip], 10, 10)).toBeNull();
  });
});

describe('toLayerPoint', () => {
  test('a region the picture size maps 1:1, offset by the region origin', () => {
    const pip = layer('pip', { x: 400, y: 250, width: 160, height: 120 });
    expect(toLayerPoint(pip, { width: 160, height: 120 }, 400, 250)).toEqual({ x: 0, y: 0 });
    expect(toLayerPoint(pip, { width: 160, height: 120 }, 559, 369)).toEqual({ x: 159, y: 119 });
    expect(toLayerPoint(pip, { width: 160, height: 120 }, 433, 271)).toEqual({ x: 33, y: 21 });
  });
  test('a picture twice the region size doubles the coordinates', () => {
    const pip = layer('pip', { x: 100, y: 50, width: 160, height: 120 });
    expect(toLayerPoint(pip, { width: 320, height: 240 }, 100, 50)).toEqual({ x: 1, y: 1 });
    expect(toLayerPoint(pip, { width: 320, height: 240 }, 180, 110)).toEqual({ x: 161, y: 121 });
  });
  test('a picture half the region size halves them, pixel centre to pixel centre', () => {
    const l = layer('l', { width: 200, height: 100 });
    expect(toLayerPoint(l, { width: 100, height: 50 }, 0, 0)).toEqual({ x: 0, y: 0 });
    expect(toLayerPoint(l, { width: 100, height: 50 }, 1, 1)).toEqual({ x: 0, y: 0 });
    expect(toLayerPoint(l, { width: 100, height: 50 }, 2, 3)).toEqual({ x: 1, y: 1 });
    expect(toLayerPoint(l, { width: 100, height: 50 }, 199, 99)).toEqual({ x: 99, y: 49 });
  });
  test('points outside the region clamp to the picture', () => {
    const l = layer('l', { x: 10, y: 10, width: 50, height: 50 });
    expect(toLayerPoint(l, { width: 50, height: 50 }, 0, 500)).toEqual({ x: 0, y: 49 });
  });
  test('before the first picture the region size stands in', () => {
    const l = layer('l', { x: 10, y: 20, width: 50, height: 40 });
    expect(toLayerPoint(l, { width: 0, height: 0 }, 30, 30)).toEqual({ x: 20, y: 10 });
  });
});
