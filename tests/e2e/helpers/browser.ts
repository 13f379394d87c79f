// Launches the system (Debian) Chromium through playwright-core, headless and software-rendered,
// so canvas readback is deterministic and no browser download is ever needed.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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

/** Path of the Chromium executable: `DS_STREAM_CHROMIUM`, else Debian's `/usr/bin/chromium`. @internal */
export function chromiumPath(): string {
  return process.env.DS_STREAM_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Launches headless Chromium. Throws (never skips) when the executable is missing, saying how
 * to install it, because a skipped browser test proves nothing.
 * @internal
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with \`apt-get install -y chromium\` ` +
        '(Debian/Ubuntu; `.ci/run` does this) or set DS_STREAM_CHROMIUM to a Chromium executable.',
    );
  }
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
