// What the springs models read and produce: the demo's wire view (SignalState with w, h, t, p,
// v, hits; see stories/springs/springs-signal.ts) as a fixed-length vector, and the sizes the
// models were trained at. The models know three bodies on a 600x400 canvas, nothing else.
import type { SignalState } from '../protocol/index';

/** Demo canvas size the models were trained on. @public */
export const VIEW_WIDTH = 600;
/** @public */
export const VIEW_HEIGHT = 400;
/** Size the models render at (1/4 of the demo's); receivers scale it up. @public */
export const MODEL_WIDTH = 150;
/** @public */
export const MODEL_HEIGHT = 100;
/** Bodies the models know. @public */
export const BODIES = 3;
/** Length of {@link springsVector}: target x, y, then per body x, y, vx, vy. @public */
export const STATE_SIZE = 2 + BODIES * 4;

function nums(v: unknown, n: number): number[] | null {
  if (!Array.isArray(v) || v.length !== n) return null;
  return v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : null;
}

/**
 * Reads a springs signal state as the models' input: positions in canvas pixels divided by the
 * canvas size (0..1), velocities in pixels per frame divided by 60 (the renderer's stretch
 * scale). Returns `null` for anything that is not a 600x400 three-body springs view.
 * @public
 */
export function springsVector(state: SignalState): Float32Array | null {
  const { w, h } = state;
  if (w !== VIEW_WIDTH || h !== VIEW_HEIGHT) return null;
  const t = nums(state.t, 2);
  const p = nums(state.p, BODIES * 2);
  const v = nums(state.v, BODIES * 2);
  if (!t || !p || !v) return null;
  const out = new Float32Array(STATE_SIZE);
  out[0] = t[0]! / w;
  out[1] = t[1]! / h;
  for (let i = 0; i < BODIES; i++) {
    out[2 + i * 4] = p[i * 2]! / w;
    out[3 + i * 4] = p[i * 2 + 1]! / h;
    out[4 + i * 4] = v[i * 2]! / 60;
    out[5 + i * 4] = v[i * 2 + 1]! / 60;
  }
  return out;
}
