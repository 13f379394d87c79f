// In-page instruments of the adaptive pages: canvas hash and pixels for comparisons, query params.

/** Query parameter with a default. @internal */
export function param(name: string, fallback: string): string {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable with Node's Date.now(). @internal */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** FNV-1a over the canvas's RGBA words. @internal */
export function hashCanvas(canvas: HTMLCanvasElement): string {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx || canvas.width === 0 || canvas.height === 0) return 'empty';
  const words = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return `${canvas.width}x${canvas.height}:${(h >>> 0).toString(16)}`;
}

/** The canvas's RGBA as base64 (page.evaluate returns strings cheaply). @internal */
export function canvasPixels(canvas: HTMLCanvasElement): { width: number; height: number; base64: string } {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx || canvas.width === 0 || canvas.height === 0) return { width: 0, height: 0, base64: '' };
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let bin = '';
  for (let i = 0; i < data.length; i += 0x8000) {
    bin += String.fromCharCode(...data.subarray(i, i + 0x8000));
  }
  return { width: canvas.width, height: canvas.height, base64: btoa(bin) };
}
