// In-page instruments the e2e tests and the e2e benchmark read through `window.e2e`: canvas
// hashes (cheaper to compare across pages than 960 KB of pixels), paint timestamps and the
// marker pixel a paint carries.
import { type MarkerStyle, readMarkerFrom } from '../../../stories/springs/springs-render';

/** One paint of a probed canvas: when (ms on the shared wall clock) and its marker pixel. @internal */
export interface PaintRecord {
  at: number;
  marker: number;
}

/** Milliseconds since the epoch with sub-millisecond resolution, comparable across pages. @internal */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Query parameters of the page, with defaults. @internal */
export function param(name: string, fallback: string): string {
  return new URLSearchParams(location.search).get(name) ?? fallback;
}

/** FNV-1a over the canvas's RGBA words: equal pictures, equal hash. @internal */
export function hashCanvas(canvas: HTMLCanvasElement): string {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx || canvas.width === 0 || canvas.height === 0) return 'empty';
  const words = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
  return `${canvas.width}x${canvas.height}:${(h >>> 0).toString(16)}`;
}

/** The canvas's pixels as base64, for a byte-for-byte comparison in the test. @internal */
export function canvasPixels(canvas: HTMLCanvasElement): { width: number; height: number; base64: string } {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('no 2D context');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let bin = '';
  for (let i = 0; i < data.length; i += 0x8000) {
    bin += String.fromCharCode(...data.subarray(i, Math.min(i + 0x8000, data.length)));
  }
  return { width: canvas.width, height: canvas.height, base64: btoa(bin) };
}

/** The marker style a page was asked for: `marker=pixel|blocks` (`1` means pixel). @internal */
export function markerParam(): MarkerStyle | false {
  const m = param('marker', '0');
  if (m === 'blocks') return 'blocks';
  return m === '1' || m === 'pixel' ? 'pixel' : false;
}

/** Reads a paint's marker from a 2D context. @internal */
export function readMarker(ctx: CanvasRenderingContext2D, style: MarkerStyle | false): number {
  if (!style) return 0;
  const rows = style === 'pixel' ? 1 : 8;
  return readMarkerFrom(ctx.getImageData(0, 0, ctx.canvas.width, rows).data, ctx.canvas.width, style);
}

/**
 * Calls `onPaint` after every paint into `canvas` by the receiver engine (its putImageData or
 * drawImage), with the context, so the caller can read the picture just painted.
 * @internal
 */
export function probePaints(
  canvas: HTMLCanvasElement,
  onPaint: (ctx: CanvasRenderingContext2D) => void,
): void {
  const proto = CanvasRenderingContext2D.prototype;
  for (const method of ['putImageData', 'drawImage'] as const) {
    const original = proto[method] as (this: CanvasRenderingContext2D, ...args: unknown[]) => void;
    Object.defineProperty(proto, method, {
      configurable: true,
      writable: true,
      value(this: CanvasRenderingContext2D, ...args: unknown[]) {
        original.apply(this, args);
        if (this.canvas === canvas) onPaint(this);
      },
    });
  }
}
