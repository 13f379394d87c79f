import type { CapturedFrame, CaptureTarget, FrameCapture } from './types';

/** The few 2D-context calls capture needs; browser, OffscreenCanvas and `@napi-rs/canvas` all fit. @public */
export interface Canvas2DLike {
  getImageData(
    x: number,
    y: number,
    w: number,
    h: number,
  ): { data: Uint8ClampedArray; width: number; height: number };
  drawImage?(image: never, dx: number, dy: number): void;
}

/** Anything with a size and a `getContext('2d')`. @public */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(id: '2d', options?: { willReadFrequently?: boolean }): unknown;
}

function isFrameCapture(t: CaptureTarget | CanvasLike): t is FrameCapture {
  return typeof (t as FrameCapture).capture === 'function';
}

/**
 * Wraps a canvas as a `FrameCapture`. A 2D canvas is read with `getImageData` directly. A canvas
 * whose context is WebGL (so `getContext('2d')` is `null`) is first drawn into a scratch 2D canvas;
 * give WebGL contexts `preserveDrawingBuffer: true`, or capture right after drawing. The context
 * is looked up on the first capture, not here, so an app that creates its WebGL context after
 * the engine still gets it.
 * @example
 * ```ts
 * const capture = createCanvasCapture(document.querySelector('canvas')!);
 * const frame = capture.capture(); // { rgba, width, height } | null
 * ```
 * @public
 */
export function createCanvasCapture(target: CaptureTarget | CanvasLike): FrameCapture {
  if (isFrameCapture(target)) return target;
  const canvas = target as CanvasLike;
  let direct: Canvas2DLike | null | undefined;
  let scratch: { canvas: CanvasLike; ctx: Canvas2DLike } | null = null;
  return {
    capture(): CapturedFrame | null {
      const { width, height } = canvas;
      if (width === 0 || height === 0) return null;
      if (direct === undefined) direct = canvas.getContext('2d') as Canvas2DLike | null;
      let ctx = direct;
      if (!ctx) {
        if (!scratch || scratch.canvas.width !== width || scratch.canvas.height !== height) {
          scratch = makeScratch(width, height);
        }
        if (!scratch) return null;
        ctx = scratch.ctx;
        (ctx.drawImage as (img: unknown, x: number, y: number) => void)(canvas, 0, 0);
      }
      const img = ctx.getImageData(0, 0, width, height);
      return { rgba: img.data, width: img.width, height: img.height };
    },
    dispose() {
      scratch = null;
      direct = undefined;
    },
  };
}

function makeScratch(width: number, height: number): { canvas: CanvasLike; ctx: Canvas2DLike } | null {
  let canvas: CanvasLike | null = null;
  if (typeof OffscreenCanvas !== 'undefined')
    canvas = new OffscreenCanvas(width, height) as unknown as CanvasLike;
  else if (typeof document !== 'undefined') {
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    canvas = c as unknown as CanvasLike;
  }
  const ctx = canvas?.getContext('2d', { willReadFrequently: true }) as Canvas2DLike | null | undefined;
  return canvas && ctx ? { canvas, ctx } : null;
}
