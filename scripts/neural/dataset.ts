// Generates (signal state, frame) pairs for the neural models from the springs demo's own
// simulation and renderer (stories/springs), headlessly with @napi-rs/canvas. States cover the
// demo's whole range: the target anywhere on the canvas, bodies at rest, trailing, and flying
// after kicks (wall bounces included). Nothing here is committed: `npm run data:neural` writes
// .neural-data/{train,test}.bin, and the test set uses its own seed, so it is held out.
import { createCanvas } from '@napi-rs/canvas';
import { MODEL_HEIGHT, MODEL_WIDTH, VIEW_HEIGHT, VIEW_WIDTH } from '../../src/neural/springs-state';
import { type Context2D, renderSprings } from '../../stories/springs/springs-render';
import { type SpringsView, toSpringsView } from '../../stories/springs/springs-signal';
import { applySpringsInput, createSprings, stepSprings } from '../../stories/springs/springs-sim';

/** A small deterministic PRNG (mulberry32), so a seed reproduces a data set. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` views sampled from random play: pointer moves anywhere, kicks, waits of random length. */
export function sampleViews(count: number, seed: number): SpringsView[] {
  const rand = rng(seed);
  const out: SpringsView[] = [];
  while (out.length < count) {
    let state = createSprings(VIEW_WIDTH, VIEW_HEIGHT);
    state = { ...state, hits: Math.floor(rand() * 200) };
    for (let k = 0; k < 40 && out.length < count; k++) {
      const x = Math.round(rand() * VIEW_WIDTH);
      const y = Math.round(rand() * VIEW_HEIGHT);
      const kind = rand() < 0.2 ? 'pointerdown' : 'pointer';
      state = applySpringsInput(state, { kind, x, y, buttons: kind === 'pointerdown' ? 1 : 0 });
      const frames = 1 + Math.floor(rand() * 40);
      for (let f = 0; f < frames; f++) state = stepSprings(state, 1 / 30).state;
      out.push(toSpringsView(state));
    }
  }
  return out;
}

/** Renders views at the demo's size and returns RGBA frames (row-major, 4 bytes a pixel). */
export function renderViews(views: readonly SpringsView[]): Uint8Array[] {
  const canvas = createCanvas(VIEW_WIDTH, VIEW_HEIGHT);
  const ctx = canvas.getContext('2d') as unknown as Context2D;
  return views.map((v) => {
    renderSprings(ctx, v);
    const img = ctx.getImageData(0, 0, VIEW_WIDTH, VIEW_HEIGHT);
    return new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength).slice();
  });
}

/** Area-averages a demo-size RGBA frame to the models' RGB size (what the models learn). */
export function downscale(rgba: Uint8Array): Uint8Array {
  const f = VIEW_WIDTH / MODEL_WIDTH;
  const out = new Uint8Array(MODEL_WIDTH * MODEL_HEIGHT * 3);
  for (let y = 0; y < MODEL_HEIGHT; y++) {
    for (let x = 0; x < MODEL_WIDTH; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let dy = 0; dy < f; dy++) {
          for (let dx = 0; dx < f; dx++) s += rgba[((y * f + dy) * VIEW_WIDTH + x * f + dx) * 4 + c]!;
        }
        out[(y * MODEL_WIDTH + x) * 3 + c] = Math.round(s / (f * f));
      }
    }
  }
  return out;
}
