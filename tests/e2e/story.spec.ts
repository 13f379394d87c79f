// The side-by-side story (Demo/Modes, rendered from its own args without the Storybook runtime)
// streams through the React components: the receiver matches the source, the overlays show live
// stats, and a screenshot is saved for a person to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, startE2e } from './helpers/env';

const shots = fileURLToPath(new URL('./__screenshots__/', import.meta.url));

interface StoryApi {
  app(): { pause(): void } | null;
  hash(role: 'source' | 'receiver'): string;
  stats(role: 'source' | 'receiver'): Record<string, string>;
}
const story = <R>(page: Page, fn: string): Promise<R> => page.evaluate(`(${fn})((window).e2e)`) as Promise<R>;

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

describe.each(['delta', 'signal', 'neural'] as const)('the %s side-by-side story', (mode) => {
  it('shows the source and a matching receiver with live stats; screenshot saved', async () => {
    const { page, errors } = await env.open(
      'story',
      // 10 fps: the neural story sends raw pictures, 29 MB/s at 30 fps, through the in-process relay
      // that shares its event loop with the page server; a busy machine cannot keep up with that.
      { story: mode, channel: `story-${mode}`, fps: 10 },
      { viewport: { width: 1300, height: 520 } },
    );
    // Stats reach the store a few times per second: wait until the receiver reports frames.
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { e2e: StoryApi }).e2e.stats('receiver');
        return (
          s.fps !== undefined &&
          s.fps !== '0 fps' &&
          s.mode === new URLSearchParams(location.search).get('story')
        );
      },
      undefined,
      // The first open transforms the story's modules: slow on a busy machine.
      { timeout: 90_000 },
    );
    // Let the rates settle past the first keyframe, then freeze the scene mid-motion.
    await page.waitForTimeout(1500);
    await story(page, '(api) => api.app().pause()');
    await page.waitForFunction(
      () => {
        const api = (window as unknown as { e2e: StoryApi }).e2e;
        return api.hash('source') === api.hash('receiver');
      },
      undefined,
      { timeout: 30_000 },
    );
    // A screenshot waits for a compositor frame: slow while the neural story keeps both cores busy.
    await page.screenshot({ path: `${shots}side-by-side-${mode}.png`, timeout: 120_000 });
    const source = await story<Record<string, string>>(page, '(api) => api.stats("source")');
    const receiver = await story<Record<string, string>>(page, '(api) => api.stats("receiver")');
    expect(source.mode).toBe(mode);
    expect(source.quality).toBeDefined();
    expect(receiver.mode).toBe(mode);
    expect(receiver.bandwidth).toMatch(/b\/s$/);
    expect(receiver.rtt).toMatch(/ms$/);
    expect(errors).toEqual([]);
  });
});
