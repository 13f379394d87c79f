// The scoreboard both its source and the receiver draw from the same signal state: rectangles only
// (no text), so the two canvases are pixel-identical in one browser.
import type { SignalState } from '@ds-stream/react/core';

export const SCORE_W = 200;
export const SCORE_H = 40;

/** Draws `{ home, away }` as two bars of 10 px per point on a dark plate. */
export function drawScore(ctx: CanvasRenderingContext2D, state: SignalState): void {
  const home = Number(state.home ?? 0);
  const away = Number(state.away ?? 0);
  ctx.fillStyle = '#0f172a';
  ctx.fillRect(0, 0, SCORE_W, SCORE_H);
  ctx.fillStyle = '#22c55e';
  ctx.fillRect(4, 4, Math.min(192, home * 10), 14);
  ctx.fillStyle = '#f97316';
  ctx.fillRect(4, 22, Math.min(192, away * 10), 14);
}
