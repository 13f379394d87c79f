// The wire view of the springs state: what signal mode streams and what both sides render.
// Whole pixels in flat arrays: a settled scene adds nothing to a SignalDiff, and a frame where
// every body moves costs about 60 bytes of JSON.
import type { SignalState } from '@ds-stream/react/core';
import type { SpringsState } from './springs-sim';

/**
 * The springs scene as a signal state: canvas size `w` x `h`, target `t` as `[x, y]`, body
 * positions `p` as `[x0, y0, x1, y1, ...]`, body velocities `v` in pixels per frame at 30 fps
 * in the same layout, and the impact count.
 * @public
 */
export type SpringsView = {
  w: number;
  h: number;
  t: [number, number];
  p: number[];
  v: number[];
  hits: number;
};

/**
 * Projects the simulation state onto its wire view. The source renders this view too, so a
 * receiver in signal mode paints the very same pixels.
 * @public
 */
export function toSpringsView(state: SpringsState): SpringsView {
  const p: number[] = [];
  const v: number[] = [];
  for (const body of state.bodies) {
    p.push(Math.round(body.x), Math.round(body.y));
    v.push(Math.round(body.vx / 30), Math.round(body.vy / 30));
  }
  return {
    w: state.width,
    h: state.height,
    t: [Math.round(state.target.x), Math.round(state.target.y)],
    p,
    v,
    hits: state.hits,
  };
}

function isNumbers(v: unknown, length?: number): v is number[] {
  return (
    Array.isArray(v) &&
    (length === undefined || v.length === length) &&
    v.length % 2 === 0 &&
    v.every((n) => typeof n === 'number' && Number.isFinite(n))
  );
}

/**
 * Reads a received signal state as a springs view, or returns `null` when it is not one (a
 * receiver must never throw on what a remote source sends).
 * @public
 */
export function readSpringsView(state: SignalState): SpringsView | null {
  const { w, h, t, p, v, hits } = state;
  if (typeof w !== 'number' || typeof h !== 'number' || typeof hits !== 'number') return null;
  if (!isNumbers(t, 2) || !isNumbers(p) || !isNumbers(v, p.length)) return null;
  return { w, h, t: [t[0]!, t[1]!], p, v, hits };
}
