import type { CompositionLayer } from '../../protocol/index';
import { drawOrder } from './layers';

/** The 2D-context calls compositing needs (browser canvases and `@napi-rs/canvas` fit). @public */
export interface Composite2DLike {
  globalAlpha: number;
  clearRect(x: number, y: number, w: number, h: number): void;
  drawImage(
    image: never,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
}

/** One layer to paint: its placement and its current picture (`null`: none yet). @public */
export interface PaintLayer {
  readonly layer: CompositionLayer;
  /** The layer's offscreen canvas (any drawImage source). */
  readonly image: unknown;
  /** The picture's size in the image (0: nothing to draw). */
  readonly width: number;
  readonly height: number;
}

/**
 * Paints one display frame of the composite: clears `width`×`height`, then draws every online
 * layer that has a picture in z order, scaled into its region, with `globalAlpha = opacity/255`.
 * Offline layers and layers without a picture are not drawn, so their region stays clear (or shows
 * what lies below).
 * @internal
 */
export function paintComposite(
  ctx: Composite2DLike,
  width: number,
  height: number,
  layers: readonly PaintLayer[],
): void {
  ctx.globalAlpha = 1;
  ctx.clearRect(0, 0, width, height);
  const ordered = drawOrder(layers.map((p) => ({ ...p.layer, paint: p })));
  for (const { paint } of ordered) {
    const l = paint.layer;
    if (!l.online || paint.image === null || paint.width <= 0 || paint.height <= 0) continue;
    if (l.opacity <= 0 || l.width <= 0 || l.height <= 0) continue;
    ctx.globalAlpha = l.opacity / 255;
    const draw = ctx.drawImage as (i: unknown, ...n: number[]) => void;
    draw.call(ctx, paint.image, 0, 0, paint.width, paint.height, l.x, l.y, l.width, l.height);
  }
  ctx.globalAlpha = 1;
}
