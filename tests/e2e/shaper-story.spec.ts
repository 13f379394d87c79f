// The Demo/Adaptive quality story, live: a layered springs source, one receiver direct and one
// through the link shaper its buttons drive (the dev server's control endpoint). Throttled, the
// shaped receiver is moved below lossless while the direct one stays there, each overlay showing
// its own layer; after the lift the shaped one climbs back.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SourceLayersState } from '@ds-stream/react/core';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';
import { waitUntil } from './helpers/wait';

const shots = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

type Which = 'direct' | 'shaped';
interface StoryApi {
  layers(): SourceLayersState | null;
  receiverStats(which: Which): Record<string, string>;
}
const story = <R, A>(page: Page, fn: (api: StoryApi, arg: A) => R, arg: A): Promise<R> =>
  page.evaluate(
    ([src, a]) =>
      new Function('api', 'arg', `return (${src})(api, arg);`)(
        (window as unknown as { e2e: StoryApi }).e2e,
        a,
      ),
    [fn.toString(), arg] as const,
  ) as Promise<R>;
/** The layer a receiver's overlay shows (`undefined` before its first LayerReport). */
const layerShown = (page: Page, which: Which) =>
  story(page, (api, w: Which) => api.receiverStats(w).layer, which);

let env: E2eEnv;
beforeAll(async () => {
  env = await startE2e();
  mkdirSync(shots, { recursive: true });
});
afterEach(async () => {
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

it('a story button throttles the shaped receiver below lossless while the direct one stays; it climbs back after the lift', {
  timeout: 300_000,
}, async () => {
  const { page, errors } = await env.open(
    'shaper-story',
    { channel: 'shaper-story', fps: 30 },
    { viewport: { width: 1900, height: 700 } },
  );
  // The first open transforms the story's modules on a shared machine: be patient once.
  for (const which of ['direct', 'shaped'] as const) {
    await waitUntil(
      async () => (await layerShown(page, which)) === 'lossless',
      `${which} on lossless`,
      120_000,
    );
  }
  await page.waitForSelector('[data-ds-layer="lossless"][data-ds-layer-produced="true"]', {
    timeout: 60_000,
  });
  await page.screenshot({ path: `${shots}adaptive-story-open.png`, timeout: 120_000 });

  await page.click('[data-ds-shaper="30000"]');
  await page.waitForSelector('text=shaped receiver link 30 KB/s', { timeout: 30_000 });
  const lower = await waitUntil(
    async () => {
      const l = await layerShown(page, 'shaped');
      return l !== undefined && l !== 'lossless' && l;
    },
    'the shaped receiver below lossless at 30 KB/s',
    120_000,
  );
  expect(await layerShown(page, 'direct')).toBe('lossless');
  // The panel shows the source producing lossless and the shaped receiver's layer.
  await page.waitForSelector('[data-ds-layer="lossless"][data-ds-layer-produced="true"]', {
    timeout: 30_000,
  });
  const layers = await story(page, (api) => api.layers(), null);
  expect(layers?.active).toBe(true);
  expect(layers?.lossless?.receivers).toHaveLength(1);
  await page.screenshot({ path: `${shots}adaptive-story-throttled.png`, timeout: 120_000 });

  await page.click('[data-ds-shaper="lift"]');
  await page.waitForSelector('text=shaped receiver link unlimited', { timeout: 30_000 });
  await waitUntil(
    async () => (await layerShown(page, 'shaped')) === 'lossless',
    'the shaped receiver back on lossless after the lift',
    180_000,
  );
  console.info(
    `shaper story: shaped receiver moved to ${lower} at 30 KB/s and back to lossless after the lift`,
  );
  expect(await layerShown(page, 'direct')).toBe('lossless');
  expect(errors).toEqual([]);
});
