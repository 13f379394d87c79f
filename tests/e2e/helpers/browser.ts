// Launches Chromium (see find-chromium.ts for which one) through playwright-core, headless and
// software-rendered, so canvas readback is deterministic and no browser download is ever needed.
import { type Browser, chromium } from 'playwright-core';
import { findChromium } from './find-chromium';

/** Chromium flags shared by the e2e tests and `bench/e2e.bench.ts`. @internal */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  // Hidden or unfocused pages must keep painting and running timers at full rate.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // Audio frames are produced without a user gesture.
  '--autoplay-policy=no-user-gesture-required',
];

/**
 * Launches headless Chromium. Throws (never skips) when no browser is found, saying how to
 * install one, because a skipped browser test proves nothing. `extraArgs` adds flags (the voice
 * test's fake microphone).
 * @internal
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const build = await findChromium();
  return chromium.launch({
    executablePath: build.executablePath,
    headless: true,
    // The bundled headless shell needs none of its serverless extras (`--single-process` would put
    // every page on one thread): these flags serve both builds.
    args: [...CHROMIUM_ARGS, ...extraArgs],
    env: { ...process.env, ...build.env },
  });
}
