// A @napi-rs canvas that changes a little each step, like an animation, for engine tests over a
// real relay; and its pixels, to compare what a receiver painted with what the source drew.
import { type Canvas, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';

/** A canvas and the step that draws its next frame. */
export interface MovingScene {
  canvas: Canvas;
  step(): void;
}

/**
 * A `width` x `height` canvas filled with `background`; each `step()` calls `paint` with the
 * step's number (1, 2, ...) to draw over the last frame.
 */
export function movingScene(
  width: number,
  height: number,
  background: string,
  paint: (ctx: SKRSContext2D, t: number) => void,
): MovingScene {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  let t = 0;
  return {
    canvas,
    step() {
      t++;
      paint(ctx, t);
    },
  };
}

/** The canvas's RGBA bytes, comparable with `equals`. */
export const canvasPixels = (c: Canvas): Buffer =>
  Buffer.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data);
