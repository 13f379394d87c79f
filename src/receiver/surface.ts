import type { RenderSurface } from './types';

/** The 2D-context calls a surface needs; browser canvases and `@napi-rs/canvas` fit. @public */
export interface Surface2DLike {
  putImageData(data: never, dx: number, dy: number): void;
  createImageData(width: number, height: number): { data: Uint8ClampedArray };
  drawImage(image: never, dx: number, dy: number, dw: number, dh: number): void;
}

/** A canvas with a 2D context (HTMLCanvasElement, OffscreenCanvas, `@napi-rs/canvas`). @public */
export interface SurfaceCanvasLike {
  width: number;
  height: number;
  getContext(id: '2d'): unknown;
}

type ImageDataCtor = new (data: Uint8ClampedArray, width: number, height: number) => unknown;

/**
 * Wraps a canvas as a `RenderSurface`. Pixels are shown with `putImageData`; where the global
 * `ImageData` exists the caller's buffer is wrapped without a copy. The canvas is resized to
 * each frame's size (CSS decides how large it looks).
 * @example
 * ```ts
 * const surface = createCanvasSurface(document.querySelector('canvas')!);
 * surface.putPixels(rgba, 600, 400);
 * ```
 * @public
 */
export function createCanvasSurface(canvas: SurfaceCanvasLike, ImageData?: ImageDataCtor): RenderSurface {
  const Ctor = ImageData ?? (globalThis as { ImageData?: ImageDataCtor }).ImageData;
  let ctx: Surface2DLike | null | undefined;
  const get = (): Surface2DLike | null => {
    if (ctx === undefined) ctx = canvas.getContext('2d') as Surface2DLike | null;
    return ctx;
  };
  // Cache the ImageData wrapper per buffer so steady-state drawing allocates nothing.
  let wrapped: { rgba: Uint8ClampedArray; image: unknown } | null = null;
  const surface: RenderSurface = {
    get width() {
      return canvas.width;
    },
    get height() {
      return canvas.height;
    },
    resize(width, height) {
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
    },
    putPixels(rgba, width, height) {
      surface.resize(width, height);
      const c = get();
      if (!c) return;
      let image: unknown;
      if (Ctor) {
        if (wrapped?.rgba !== rgba) wrapped = { rgba, image: new Ctor(rgba, width, height) };
        image = wrapped.image;
      } else {
        const img = c.createImageData(width, height);
        img.data.set(rgba);
        image = img;
      }
      (c.putImageData as (d: unknown, x: number, y: number) => void)(image, 0, 0);
    },
    drawImage(image, width, height) {
      surface.resize(width, height);
      (
        get()?.drawImage as ((i: unknown, x: number, y: number, w: number, h: number) => void) | undefined
      )?.call(get(), image, 0, 0, width, height);
    },
    context2d() {
      return get() as unknown as CanvasRenderingContext2D | null;
    },
  };
  return surface;
}
