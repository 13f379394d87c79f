// WebP at a byte budget with @napi-rs/canvas's encoder: the highest quality whose file fits,
// found by bisection, and the picture a receiver would show (decoded, scaled to the demo size).
import { createCanvas, ImageData, loadImage } from '@napi-rs/canvas';

export interface WebpAtBudget {
  quality: number;
  bytes: number;
  /** Decoded and scaled to `outW` x `outH`, RGBA. */
  rgba: Uint8ClampedArray;
}

function canvasOf(rgba: Uint8Array | Uint8ClampedArray, w: number, h: number) {
  const c = createCanvas(w, h);
  c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
  return c;
}

/** Best WebP of `rgba` (w x h) within `budget` bytes (quality 0 if nothing fits), shown at outW x outH. */
export async function webpAtBudget(
  rgba: Uint8Array | Uint8ClampedArray,
  w: number,
  h: number,
  budget: number,
  outW: number,
  outH: number,
): Promise<WebpAtBudget> {
  const c = canvasOf(rgba, w, h);
  let lo = 0;
  let hi = 100;
  let best = { quality: 0, file: c.encodeSync('webp', 0) };
  while (lo <= hi) {
    const q = (lo + hi) >> 1;
    const file = c.encodeSync('webp', q);
    if (file.length <= budget) {
      best = { quality: q, file };
      lo = q + 1;
    } else hi = q - 1;
  }
  const img = await loadImage(best.file);
  const out = createCanvas(outW, outH);
  const ctx = out.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(img, 0, 0, outW, outH);
  return { quality: best.quality, bytes: best.file.length, rgba: ctx.getImageData(0, 0, outW, outH).data };
}
