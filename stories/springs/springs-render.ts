// Draws a springs view into a 2D context. The source paints its canvas with this function and a
// signal-mode receiver paints with it too, so both show identical pixels for identical state.
import type { SignalState } from '@ds-stream/react/core';
import { readSpringsView, type SpringsView } from './springs-signal';
import { BODY_RADIUS } from './springs-sim';

const BACKGROUND = '#0f172a';
const GRID = '#1e293b';
const SPRING = '#64748b';
const TARGET = '#cbd5e1';
const TEXT = '#94a3b8';
const COLOURS = ['#f472b6', '#38bdf8', '#a3e635', '#fbbf24', '#c084fc'];
const GRID_STEP = 40;

/** The 2D context API the renderer uses, so it works with canvas and OffscreenCanvas alike. @public */
export type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function drawGrid(ctx: Context2D, w: number, h: number): void {
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let x = GRID_STEP; x < w; x += GRID_STEP) {
    ctx.moveTo(x + 0.5, 0);
    ctx.lineTo(x + 0.5, h);
  }
  for (let y = GRID_STEP; y < h; y += GRID_STEP) {
    ctx.moveTo(0, y + 0.5);
    ctx.lineTo(w, y + 0.5);
  }
  ctx.stroke();
}

/**
 * Paints one springs frame: background grid, the spring chain from the target through every
 * body, the target cross, bodies squashed along their velocity, and the impact count.
 * @example
 * ```ts
 * renderSprings(canvas.getContext('2d')!, toSpringsView(state));
 * ```
 * @public
 */
export function renderSprings(ctx: Context2D, view: SpringsView, options: RenderOptions = {}): void {
  const { w, h } = view;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, w, h);
  drawGrid(ctx, w, h);
  const bodies = Object.keys(view.b)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => view.b[k]!);

  ctx.strokeStyle = SPRING;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(view.t[0], view.t[1]);
  for (const body of bodies) ctx.lineTo(body.p[0], body.p[1]);
  ctx.stroke();

  ctx.strokeStyle = TARGET;
  ctx.beginPath();
  ctx.moveTo(view.t[0] - 8, view.t[1]);
  ctx.lineTo(view.t[0] + 8, view.t[1]);
  ctx.moveTo(view.t[0], view.t[1] - 8);
  ctx.lineTo(view.t[0], view.t[1] + 8);
  ctx.stroke();

  bodies.forEach((body, i) => {
    const speed = Math.hypot(body.v[0], body.v[1]);
    const stretch = Math.min(0.35, speed / 60);
    ctx.fillStyle = COLOURS[i % COLOURS.length]!;
    ctx.beginPath();
    ctx.ellipse(
      body.p[0],
      body.p[1],
      BODY_RADIUS * (1 + stretch),
      BODY_RADIUS * (1 - stretch * 0.6),
      Math.atan2(body.v[1], body.v[0]),
      0,
      Math.PI * 2,
    );
    ctx.fill();
  });

  ctx.fillStyle = TEXT;
  ctx.font = '12px sans-serif';
  ctx.fillText(`impacts ${view.hits}`, 8, h - 8);
  if (options.marker) {
    // Identifies the view in pixel (0,0) so a benchmark can tell which paint reached a receiver.
    const m = viewMarker(view);
    ctx.fillStyle = `rgb(${m >>> 16}, ${(m >>> 8) & 0xff}, ${m & 0xff})`;
    ctx.fillRect(0, 0, 1, 1);
  }
}

/** Options of {@link renderSprings}. @public */
export interface RenderOptions {
  /** Paint {@link viewMarker} into pixel (0,0) (latency benchmarks). @defaultValue false */
  marker?: boolean;
}

/** A 24-bit FNV-1a hash of a view: equal views, equal marker. @public */
export function viewMarker(view: SpringsView): number {
  const text = JSON.stringify(view);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 8) & 0xffffff;
}

/**
 * A `renderSignal` callback for a receiver: paints a received signal state when it is a
 * springs view and leaves the canvas untouched otherwise.
 * @public
 */
export function renderSpringsSignal(
  ctx: CanvasRenderingContext2D,
  state: SignalState,
  options: RenderOptions = {},
): void {
  const view = readSpringsView(state);
  if (!view) return;
  if (ctx.canvas.width !== view.w || ctx.canvas.height !== view.h) {
    ctx.canvas.width = view.w;
    ctx.canvas.height = view.h;
  }
  renderSprings(ctx, view, options);
}
