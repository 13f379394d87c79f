// The wire view of the springs state: what signal mode streams and what both sides render.
// Rounded to whole pixels so an unchanged body adds nothing to a SignalDiff and a moving one
// costs about 30 bytes.
import type { SignalState } from '@ds-stream/react/core';
import type { SpringsState } from './springs-sim';

/** One body on the wire: position `p` and velocity `v` (pixels per frame at 30 fps). @public */
export type BodyView = { p: [number, number]; v: [number, number] };

/**
 * The springs scene as a signal state: canvas size, target `t`, bodies keyed by index (an
 * object, not an array, so a merge patch carries only the bodies that moved) and the hit count.
 * @public
 */
export type SpringsView = {
  w: number;
  h: number;
  t: [number, number];
  b: { [index: string]: BodyView };
  hits: number;
};

/**
 * Projects the simulation state onto its wire view. The source renders this view too, so a
 * receiver in signal mode paints the very same pixels.
 * @public
 */
export function toSpringsView(state: SpringsState): SpringsView {
  const b: SpringsView['b'] = {};
  state.bodies.forEach((body, i) => {
    b[i] = {
      p: [Math.round(body.x), Math.round(body.y)],
      v: [Math.round(body.vx / 30), Math.round(body.vy / 30)],
    };
  });
  return {
    w: state.width,
    h: state.height,
    t: [Math.round(state.target.x), Math.round(state.target.y)],
    b,
    hits: state.hits,
  };
}

function isPair(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number';
}

/**
 * Reads a received signal state as a springs view, or returns `null` when it is not one (a
 * receiver must never throw on what a remote source sends).
 * @public
 */
export function readSpringsView(state: SignalState): SpringsView | null {
  const { w, h, t, b, hits } = state;
  if (typeof w !== 'number' || typeof h !== 'number' || !isPair(t) || typeof hits !== 'number') return null;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return null;
  const bodies: SpringsView['b'] = {};
  for (const [key, body] of Object.entries(b)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    if (!isPair(body.p) || !isPair(body.v)) return null;
    bodies[key] = { p: body.p, v: body.v };
  }
  return { w, h, t, b: bodies, hits };
}

/** The view as a `SignalState` (it is one; this only spells it out for the type checker). @public */
export function viewToSignal(view: SpringsView): SignalState {
  return view;
}
