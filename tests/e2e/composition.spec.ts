// Multi-source composition (issue 21) in real Chromium: three sources on one channel, each owning a
// composition layer (the springs demo in delta, a scoreboard in signal mode, a small picture-in-
// picture in delta); the composite receiver's canvas equals the three source canvases composited
// here in z order (exact: every layer is lossless and placed 1:1), clicks land in the right source
// in its own coordinates, a late joiner sees every layer, a leaving layer's region is cleared.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countDifferentPixels, type Pixels, readPixels } from './helpers/compare';
import { type E2eEnv, type E2ePage, startE2e } from './helpers/env';
import { waitUntil } from './helpers/wait';

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

interface Placed {
  name: string;
  kind: 'springs' | 'score' | 'pip';
  z: number;
  x: number;
  y: number;
  w: number;
  h: number;
  input: 0 | 1;
}
const SPRINGS: Placed = { name: 'springs', kind: 'springs', z: 0, x: 0, y: 0, w: 600, h: 400, input: 1 };
// The scoreboard takes no input: clicks on it reach the springs below.
const SCORE: Placed = { name: 'score', kind: 'score', z: 20, x: 0, y: 0, w: 200, h: 40, input: 0 };
const PIP: Placed = { name: 'pip', kind: 'pip', z: 10, x: 420, y: 260, w: 160, h: 120, input: 1 };

type Api = {
  pause(): void;
  stop(): void;
  inputs: { kind: string; x: number; y: number }[];
  layers(): { name: string; online: boolean; pictureWidth: number; mode: string | null }[];
};
/** Runs `fn` against the page's `window.e2e` (its source text is sent, as page-api.ts does). */
const onApi = <T>(page: Page, fn: (api: Api) => T): Promise<Awaited<T>> =>
  page.evaluate((src) => {
    const run = new Function('api', `return (${src})(api);`);
    return run((window as unknown as { e2e: unknown }).e2e);
  }, fn.toString()) as Promise<Awaited<T>>;

async function openLayer(channel: string, l: Placed): Promise<E2ePage> {
  const { name, ...rest } = l;
  return env.open('../composition-pages/layer-source', { channel, layer: name, ...rest });
}

/** The layers drawn 1:1 into a 600x400 transparent composite in z order (all opaque: plain copies). */
function reference(layers: { placed: Placed; pixels: Pixels }[]): Pixels {
  const W = 600;
  const H = 400;
  const rgba = new Uint8Array(W * H * 4);
  for (const { placed, pixels } of [...layers].sort((a, b) => a.placed.z - b.placed.z)) {
    for (let y = 0; y < pixels.height; y++) {
      const from = y * pixels.width * 4;
      rgba.set(pixels.rgba.subarray(from, from + pixels.width * 4), ((placed.y + y) * W + placed.x) * 4);
    }
  }
  return { width: W, height: H, rgba };
}

async function showsExactly(rx: Page, ref: Pixels, what: string): Promise<void> {
  let last = -1;
  await waitUntil(
    async () => {
      last = countDifferentPixels(await readPixels(rx), ref);
      return last === 0;
    },
    () => `${what} (${last} pixels differ)`,
    30_000,
  );
}

describe('composition', () => {
  it('composites three sources exactly, routes clicks, serves a late joiner and clears a leaving layer', async () => {
    const channel = 'arena';
    const springs = await openLayer(channel, SPRINGS);
    const score = await openLayer(channel, SCORE);
    const pip = await openLayer(channel, PIP);
    const rx = await env.open('../composition-pages/composite', { channel });
    await waitUntil(
      () => onApi(rx.page, (api) => api.layers().filter((l) => l.online && l.mode !== null).length === 3),
      'three online layers with pictures',
      60_000,
    );
    for (const p of [springs, score, pip]) await onApi(p.page, (api) => api.pause());
    const sources = async (list: [E2ePage, Placed][]) =>
      Promise.all(list.map(async ([p, placed]) => ({ placed, pixels: await readPixels(p.page) })));
    const all = reference(
      await sources([
        [springs, SPRINGS],
        [score, SCORE],
        [pip, PIP],
      ]),
    );
    await showsExactly(rx.page, all, 'the composite of springs, score and pip');

    // A click inside the PiP lands in the PiP source at its own coordinates; one on the scoreboard
    // (no input) reaches the springs below, at the same coordinates as the composite.
    await rx.page.mouse.click(450, 300);
    await rx.page.mouse.click(100, 20);
    const downs = (p: E2ePage) =>
      onApi(p.page, (api) => api.inputs.filter((e) => e.kind === 'pointerdown').map((e) => [e.x, e.y]));
    await waitUntil(
      async () => (await downs(pip)).length > 0 && (await downs(springs)).length > 0,
      'both clicks',
    );
    expect(await downs(pip)).toEqual([[30, 40]]);
    expect(await downs(springs)).toEqual([[100, 20]]);
    expect(await downs(score)).toEqual([]);

    const late = await env.open('../composition-pages/composite', { channel });
    await showsExactly(late.page, all, 'the late joiner showing every layer');

    await onApi(pip.page, (api) => api.stop());
    const withoutPip = reference(
      await sources([
        [springs, SPRINGS],
        [score, SCORE],
      ]),
    );
    await showsExactly(rx.page, withoutPip, 'the composite with the PiP region cleared');
    expect([...springs.errors, ...score.errors, ...rx.errors, ...late.errors]).toEqual([]);
  });

  it('the Composition story: <StreamSource layer> sources, <StreamReceiver> compositing, useCompositionLayers', async () => {
    const story = await env.open('../composition-pages/story', { channel: 'story-composition' });
    type StoryApi = {
      layers(): string[];
      size(): { width: number; height: number };
      pixel(x: number, y: number): number[] | null;
    };
    const run = <T>(fn: (api: StoryApi) => T) => onApi(story.page, fn as never) as Promise<Awaited<T>>;
    await waitUntil(
      () => run((api) => api.layers().filter((l) => l.includes('online')).length === 3),
      'three online layers listed by useCompositionLayers',
      60_000,
    );
    // The composite spans the regions (600x400) and shows the signal-mode scoreboard, drawn by the
    // receiver's renderSignal, at its place (its plate colour #0f172a at 200+4, 8+4).
    await waitUntil(
      () => run((api) => api.size().width === 600 && api.size().height === 400),
      'a 600x400 composite',
    );
    await waitUntil(
      () => run((api) => JSON.stringify(api.pixel(204, 12)) === JSON.stringify([15, 23, 42, 255])),
      'the scoreboard plate in the composite',
    );
    expect(story.errors).toEqual([]);
  });
});
