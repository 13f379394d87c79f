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
  const bodies: { p: [number, number]; v: [number, number] }[] = [];
  for (let i = 0; i + 1 < view.p.length; i += 2) {
    bodies.push({ p: [view.p[i]!, view.p[i + 1]!], v: [view.v[i] ?? 0, view.v[i + 1] ?? 0] });
  }

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
  if (options.marker) paintMarker(ctx, markerOf(view, options.marker), options.marker);
}

/**
 * How a paint says which view it shows: `'pixel'` hides the view's 24-bit marker in pixel (0,0)
 * (exact modes); `'blocks'` paints 16 bits as four 8x8 grey blocks at the top left, which
 * survive lossy WebP. @public
 */
export type MarkerStyle = 'pixel' | 'blocks';

/** Options of {@link renderSprings}. @public */
export interface RenderOptions {
  /** Paint the view's marker (latency benchmarks). @defaultValue false */
  marker?: MarkerStyle | false;
}

/** The marker value a paint of `view` carries in the given style. @public */
export function markerOf(view: SpringsView, style: MarkerStyle): number {
  const m = viewMarker(view);
  return style === 'pixel' ? m : m & 0xffff;
}

function paintMarker(ctx: Context2D, m: number, style: MarkerStyle): void {
  if (style === 'pixel') {
    ctx.fillStyle = `rgb(${m >>> 16}, ${(m >>> 8) & 0xff}, ${m & 0xff})`;
    ctx.fillRect(0, 0, 1, 1);
    return;
  }
  for (let k = 0; k < 4; k++) {
    const level = ((m >>> (12 - 4 * k)) & 0xf) * 17;
    ctx.fillStyle = `rgb(${level}, ${level}, ${level})`;
    ctx.fillRect(8 * k, 0, 8, 8);
  }
}

/**
 * Reads a marker back from RGBA pixels of a canvas `width` pixels wide (its top 8 rows at least).
 * @public
 */
export function readMarkerFrom(rgba: ArrayLike<number>, width: number, style: MarkerStyle): number {
  if (style === 'pixel') return ((rgba[0] ?? 0) << 16) | ((rgba[1] ?? 0) << 8) | (rgba[2] ?? 0);
  let m = 0;
  for (let k = 0; k < 4; k++) {
    const i = (4 * width + 8 * k + 4) * 4;
    m = (m << 4) | Math.min(15, Math.round((rgba[i] ?? 0) / 17));
  }
  return m;
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
