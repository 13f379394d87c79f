// Waits until two pages' canvases show the same picture, then compares every byte.
import type { Page } from 'playwright-core';
import { onSource } from './page-api';

/** A canvas snapshot read with getImageData in the page. @internal */
export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Reads the page's canvas (`window.e2e.pixels()`). @internal */
export async function readPixels(page: Page): Promise<Pixels> {
  const p = await onSource(page, (api) => api.pixels());
  return { width: p.width, height: p.height, rgba: new Uint8Array(Buffer.from(p.base64, 'base64')) };
}

/** How many pixels differ between two snapshots (all of them when the sizes differ). @internal */
export function countDifferentPixels(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.width * a.height, b.width * b.height);
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    if (
      a.rgba[i] !== b.rgba[i] ||
      a.rgba[i + 1] !== b.rgba[i + 1] ||
      a.rgba[i + 2] !== b.rgba[i + 2] ||
      a.rgba[i + 3] !== b.rgba[i + 3]
    ) {
      n++;
    }
  }
  return n;
}

/** Peak signal-to-noise ratio over RGB in dB (Infinity when equal); sizes must match. @internal */
export function psnr(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return 0;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a.rgba[i + c]! - b.rgba[i + c]!;
      sum += d * d;
      n++;
    }
  }
  return sum === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / (sum / n));
}

/**
 * Polls both pages' canvas hashes until they match (the stream has caught up with a paused
 * source) or `timeoutMs` passes, then returns both full snapshots for an exact comparison.
 * @internal
 */
export async function settledPair(
  source: Page,
  receiver: Page,
  timeoutMs = 30_000,
): Promise<{ source: Pixels; receiver: Pixels; matchedHash: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let matchedHash = false;
  while (Date.now() < deadline) {
    const [a, b] = await Promise.all([
      onSource(source, (api) => api.hash()),
      // Both pages expose `hash()` under the same name.
      onSource(receiver, (api) => api.hash()),
    ]);
    if (a === b) {
      matchedHash = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const [s, r] = await Promise.all([readPixels(source), readPixels(receiver)]);
  return { source: s, receiver: r, matchedHash };
}
