// The media adapters (src/media) against real headless Chromium: WebP through the canvas encoder and
// createImageBitmap, Opus through WebCodecs, PCM fallback, and typed errors for bad input.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './helpers/browser';
import { type PageServer, startPageServer } from './helpers/server';

let server: PageServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startPageServer();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${server.origin}/tests/e2e/media-pages/media.html`);
  await page.waitForFunction(() => window.media !== undefined, undefined, { timeout: 60_000 });
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

describe('WebP', () => {
  test('this Chromium encodes WebP and has WebCodecs Opus', async () => {
    expect(await page.evaluate(() => window.media!.support())).toEqual({ webp: true, opus: true });
  });

  test('a test scene at the default quality decodes above 30 dB PSNR, far smaller than raw', async () => {
    const r = await page.evaluate(() => window.media!.webpRoundTrip());
    expect(r).toMatchObject({ mime: 'image/webp', width: 320, height: 240 });
    expect(r.psnr).toBeGreaterThan(30);
    expect(r.bytes).toBeLessThan(r.rawBytes / 10);
  });

  test('quality trades size for fidelity', async () => {
    const low = await page.evaluate(() => window.media!.webpRoundTrip({ quality: 0.1 }));
    const high = await page.evaluate(() => window.media!.webpRoundTrip({ quality: 0.95 }));
    expect(low.bytes).toBeLessThan(high.bytes);
    expect(low.psnr).toBeLessThan(high.psnr);
  });

  test('PNG is lossless', async () => {
    const r = await page.evaluate(() => window.media!.webpRoundTrip({ type: 'image/png' }));
    expect(r.mime).toBe('image/png');
    expect(r.psnr).toBe(Number.POSITIVE_INFINITY);
  });

  test('a canvas becomes a CompressedPixels message and decodes back to the same picture', async () => {
    const r = await page.evaluate(() => window.media!.canvasMessageRoundTrip());
    expect(r).toMatchObject({ type: 0x02, flags: 0x06, seq: 7, width: 320, height: 240 });
    expect(r.psnr).toBeGreaterThan(30);
  });

  test('bad input gives typed errors', async () => {
    expect(await page.evaluate(() => window.media!.failures())).toEqual({
      truncated: 'DECODE_FAILED',
      quality: 'BAD_INPUT',
      lyingHeader: 'SIZE_MISMATCH',
    });
  });
});

describe('Opus', () => {
  test.each([
    { codec: 'opus', channels: 1 },
    { codec: 'opus', channels: 2 },
    { codec: 'pcm', channels: 1 },
  ] as const)(
    'a 440 Hz tone through $codec ($channels ch) keeps its energy and pitch',
    async ({ codec, channels }) => {
      const r = await page.evaluate(([c, ch]) => window.media!.audioRoundTrip(c, 440, ch), [
        codec,
        channels,
      ] as const);
      expect(r.errors).toEqual([]);
      expect(r.codec).toBe(codec);
      expect(r.types).toEqual([codec === 'opus' ? 0x11 : 0x10]);
      // 20 ms frames: one second is 50 messages.
      expect(r.messages).toBeGreaterThanOrEqual(49);
      expect(r.messages).toBeLessThanOrEqual(52);
      expect(r.outChannels).toBe(channels);
      expect(r.outSeconds).toBeGreaterThan(0.9);
      expect(r.outSeconds).toBeLessThan(1.1);
      expect(Math.abs(r.outRms - r.srcRms) / r.srcRms).toBeLessThan(0.1);
      expect(r.pitch).toBeGreaterThan(430);
      expect(r.pitch).toBeLessThan(450);
      if (codec === 'opus') expect(r.avgMessageBytes).toBeLessThan(400);
      else expect(r.avgMessageBytes).toBe(16 + 960 * 4 * channels);
    },
  );

  test('auto picks Opus where WebCodecs has it', async () => {
    const r = await page.evaluate(() => window.media!.audioRoundTrip('auto'));
    expect(r.codec).toBe('opus');
  });

  test('bad input gives typed errors', async () => {
    const r = await page.evaluate(() => window.media!.badAudio());
    expect(r.channels).toBe('BAD_INPUT');
    expect(r.notAudio).toBe('UNKNOWN_TYPE');
    // The decoder's error callback and the rejected flush both report it, typed.
    const garbage = (r.garbage ?? '').split(',');
    expect(garbage).toContain('DECODE_FAILED');
    expect(garbage.every((c) => c === 'DECODE_FAILED')).toBe(true);
  });

  test('no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
