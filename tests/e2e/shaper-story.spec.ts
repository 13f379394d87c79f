// The Demo/Adaptive quality story, live: its buttons drive the link shaper through the dev
// server's control endpoint, and throttling the receiver's link below what the source sends makes
// it step down; lifting the throttle lets it climb back. The starting level is read, not assumed:
// on a busy machine CPU lag can look like congestion before any throttle.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { QualityState } from '@ds-stream/react/core';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';
import { isBelow, type Rung, rungText, TWO_MB } from './helpers/quality-direction';
import { waitUntil } from './helpers/wait';

const shots = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

interface StoryApi {
  quality(): QualityState | null;
  bytesOutPerSec(): number;
  levels(): (Rung & { reason: string })[];
  receiverStats(): Record<string, string>;
}
const story = <R>(page: Page, fn: (api: StoryApi) => R): Promise<R> =>
  page.evaluate(
    (src) => new Function('api', `return (${src})(api);`)((window as unknown as { e2e: StoryApi }).e2e),
    fn.toString(),
  ) as Promise<R>;

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

it('steps the source down when a story button throttles its receiver, and back up after the lift; screenshots saved', {
  timeout: 240_000,
}, async () => {
  const { page, errors } = await env.open(
    'shaper-story',
    // 15 fps: pixel (14 MB/s) fits the unthrottled link on a quiet machine.
    { channel: 'shaper-story', fps: 15 },
    { viewport: { width: 1300, height: 600 } },
  );
  // The receiver shows frames through the shaper, and the controller has link estimates.
  await page.waitForFunction(
    () => {
      const e2e = (window as unknown as { e2e: StoryApi }).e2e;
      const fps = e2e.receiverStats().fps;
      return fps !== undefined && fps !== '0 fps' && e2e.quality()?.estimates.rttMs != null;
    },
    undefined,
    // The first open transforms the story's modules on a shared machine: be patient once.
    { timeout: 90_000 },
  );
  // A button must be under half of what the source sends, or it throttles nothing: the controller
  // climbs from its starting rung on the open link until one is (signal and a quiet delta send far
  // less than either button).
  const pick = (out: number): number | null =>
    out > 2 * TWO_MB ? TWO_MB : out > 2 * 300_000 ? 300_000 : null;
  const at = await waitUntil(
    async () => {
      const a = await story(page, (api) => ({
        q: api.quality(),
        out: api.bytesOutPerSec(),
        mark: api.levels().length,
      }));
      return a.q !== null && pick(a.out) !== null && { ...a, q: a.q };
    },
    'the source to send more than twice a story button on the open link',
    90_000,
  );
  const start: Rung = { level: at.q.level, fps: at.q.fps };
  const button = pick(at.out)!;
  await page.screenshot({ path: `${shots}adaptive-story-open.png` });

  await page.click(`[data-ds-shaper="${button}"]`);
  await page.waitForSelector(`text=receiver link ${button === TWO_MB ? '2.00 MB/s' : '300 KB/s'}`, {
    timeout: 30_000,
  });
  const down = await waitUntil(
    async () => (await story(page, (api) => api.levels())).slice(at.mark).find((l) => isBelow(l, start)),
    `a step below ${rungText(start)} at ${button} B/s`,
    60_000,
  );
  expect(down.reason).not.toBe('');
  // The panel shows the level the source is at now.
  const now = await story(page, (api) => ({ q: api.quality()!, mark: api.levels().length }));
  await page.waitForFunction(
    (level) => document.querySelector('[data-ds-quality-level]')?.textContent?.includes(`level ${level}`),
    now.q.level,
    { timeout: 30_000 },
  );
  expect(isBelow({ level: now.q.level, fps: now.q.fps }, start)).toBe(true);
  await page.screenshot({ path: `${shots}adaptive-story-throttled.png` });

  await page.click('[data-ds-shaper="lift"]');
  await page.waitForSelector('text=receiver link unlimited', { timeout: 30_000 });
  const throttled: Rung = { level: now.q.level, fps: now.q.fps };
  const up = await waitUntil(
    async () => (await story(page, (api) => api.levels())).slice(now.mark).find((l) => isBelow(throttled, l)),
    `a step above ${rungText(throttled)} after the lift`,
    120_000,
  );
  console.info(
    `shaper story: levels ${JSON.stringify(await story(page, (api) => api.levels()))}\n` +
      `shaper story: started at ${rungText(start)} (${Math.round(at.out / 1000)} kB/s), ${button} B/s button → ` +
      `${rungText(down)} (${down.reason}); lifted → ${rungText(up)} (${up.reason})`,
  );
  expect(errors).toEqual([]);
});
