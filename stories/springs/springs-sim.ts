// The springs demo's physics: a pure step function over a JSON state, so the same state can be
// streamed as signals, replayed in tests and rendered by the receiver without running the sim.
import type { InputEvent } from '@ds-stream/react/core';

/** One spring-driven body: position and velocity in canvas pixels (per second). @public */
export interface Body {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/**
 * The springs demo's whole state. Body 0 follows `target`; each further body follows the one
 * before it, so the bodies trail the pointer like a chain. `stick` is the gamepad's left stick,
 * which moves the target while held. `hits` counts wall impacts (the receiver flashes on change).
 * @public
 */
export interface SpringsState {
  width: number;
  height: number;
  target: { x: number; y: number };
  stick: { x: number; y: number };
  bodies: Body[];
  hits: number;
}

/** A wall impact found during a step: which body, and how hard (0..1). @public */
export interface Impact {
  body: number;
  strength: number;
}

/** Body radius in pixels. @public */
export const BODY_RADIUS = 22;
const STIFFNESS = 140;
const DAMPING = 12;
/** Below this speed (px/s), near its rest point, a body sleeps: a settled scene stops changing. */
const SLEEP_SPEED = 6;
const RESTITUTION = 0.72;
/** Impacts slower than this (px/s) make no sound. */
const IMPACT_MIN_SPEED = 140;
const KICK_SPEED = 4500;
/** Wall hits at this speed (px/s) or more are full-strength impacts. */
const IMPACT_FULL_SPEED = 1500;
const KEY_STEP = 24;
const STICK_SPEED = 320;
/** Rest distance between a body and the one it follows. */
const LINK = BODY_RADIUS * 2.6;

/**
 * Creates the initial state: `count` bodies resting in a row at the centre of a canvas.
 * @example
 * ```ts
 * let state = createSprings(600, 400);
 * state = stepSprings(state, 1 / 30).state;
 * ```
 * @public
 */
export function createSprings(width: number, height: number, count = 3): SpringsState {
  const cx = width / 2;
  const cy = height / 2;
  const bodies: Body[] = [];
  for (let i = 0; i < count; i++) bodies.push({ x: cx - i * LINK, y: cy, vx: 0, vy: 0 });
  return { width, height, target: { x: cx, y: cy }, stick: { x: 0, y: 0 }, bodies, hits: 0 };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

/**
 * Advances the simulation by `dt` seconds (sub-stepped for stability) and reports wall impacts.
 * Pure: returns a new state and never mutates its argument.
 * @public
 */
export function stepSprings(state: SpringsState, dt: number): { state: SpringsState; impacts: Impact[] } {
  const { width, height } = state;
  const steps = Math.max(1, Math.ceil(dt / (1 / 120)));
  const h = dt / steps;
  const target = {
    x: clamp(state.target.x + state.stick.x * STICK_SPEED * dt, 0, width),
    y: clamp(state.target.y + state.stick.y * STICK_SPEED * dt, 0, height),
  };
  const bodies = state.bodies.map((b) => ({ ...b }));
  const strongest = new Map<number, number>();
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < bodies.length; i++) {
      const b = bodies[i]!;
      const anchor = i === 0 ? target : trailPoint(bodies[i - 1]!, b);
      const ax = STIFFNESS * (anchor.x - b.x) - DAMPING * b.vx;
      const ay = STIFFNESS * (anchor.y - b.y) - DAMPING * b.vy;
      b.vx += ax * h;
      b.vy += ay * h;
      b.x += b.vx * h;
      b.y += b.vy * h;
      if (Math.hypot(b.vx, b.vy) < SLEEP_SPEED && Math.hypot(anchor.x - b.x, anchor.y - b.y) < 0.5) {
        b.vx = 0;
        b.vy = 0;
      }
      const speed = bounce(b, width, height);
      if (speed >= IMPACT_MIN_SPEED) strongest.set(i, Math.max(strongest.get(i) ?? 0, speed));
    }
  }
  const impacts = [...strongest].map(([body, speed]) => ({
    body,
    strength: Math.min(1, speed / IMPACT_FULL_SPEED),
  }));
  return { state: { ...state, target, bodies, hits: state.hits + impacts.length }, impacts };
}

/** Where a follower rests: one link length behind its leader, on the line between them. */
function trailPoint(lead: Body, b: Body): { x: number; y: number } {
  const dx = b.x - lead.x;
  const dy = b.y - lead.y;
  const len = Math.hypot(dx, dy);
  if (len < 1e-6) return { x: lead.x - LINK, y: lead.y };
  return { x: lead.x + (dx / len) * LINK, y: lead.y + (dy / len) * LINK };
}

/** Reflects a body off the walls; returns the speed of the strongest wall hit (0 when none). */
function bounce(b: Body, width: number, height: number): number {
  let hit = 0;
  const r = BODY_RADIUS;
  if (b.x < r || b.x > width - r) {
    hit = Math.abs(b.vx);
    b.x = clamp(b.x, r, width - r);
    b.vx = -b.vx * RESTITUTION;
  }
  if (b.y < r || b.y > height - r) {
    hit = Math.max(hit, Math.abs(b.vy));
    b.y = clamp(b.y, r, height - r);
    b.vy = -b.vy * RESTITUTION;
  }
  return hit;
}

/** Pushes every body away from a point, as a click does. */
function kick(state: SpringsState, x: number, y: number): SpringsState {
  const bodies = state.bodies.map((b, i) => {
    const dx = b.x - x;
    const dy = b.y - y;
    const len = Math.hypot(dx, dy);
    // A body under the cursor flies off in a direction that depends on its index, not NaN.
    const ux = len > 1 ? dx / len : Math.cos(i * 2.1);
    const uy = len > 1 ? dy / len : Math.sin(i * 2.1);
    return { ...b, vx: b.vx + ux * KICK_SPEED, vy: b.vy + uy * KICK_SPEED };
  });
  return { ...state, bodies };
}

const KEY_MOVES: Record<number, [number, number]> = { 37: [-1, 0], 38: [0, -1], 39: [1, 0], 40: [0, 1] };
const KEY_SPACE = 32;

/**
 * Applies one receiver input to the state: pointer and touch move the target, a click or tap
 * kicks the bodies away from it, arrow keys nudge the target, Space kicks from the target, the
 * gamepad's left stick steers and its first button kicks. Other inputs return `state` unchanged.
 * @public
 */
export function applySpringsInput(state: SpringsState, ev: InputEvent): SpringsState {
  switch (ev.kind) {
    case 'pointer':
    case 'touch':
      return { ...state, target: { x: clamp(ev.x, 0, state.width), y: clamp(ev.y, 0, state.height) } };
    case 'pointerdown':
      return kick({ ...state, target: { x: ev.x, y: ev.y } }, ev.x, ev.y);
    case 'keydown': {
      if (ev.keyCode === KEY_SPACE) return kick(state, state.target.x, state.target.y);
      const move = KEY_MOVES[ev.keyCode];
      if (!move) return state;
      const x = clamp(state.target.x + move[0] * KEY_STEP, 0, state.width);
      const y = clamp(state.target.y + move[1] * KEY_STEP, 0, state.height);
      return { ...state, target: { x, y } };
    }
    case 'gamepadaxis':
      if (ev.axis > 1) return state;
      // A small dead zone keeps a resting stick from drifting the target.
      return {
        ...state,
        stick: { ...state.stick, [ev.axis === 0 ? 'x' : 'y']: Math.abs(ev.value) < 0.15 ? 0 : ev.value },
      };
    case 'gamepadbutton':
      return ev.button === 0 && ev.pressed ? kick(state, state.target.x, state.target.y) : state;
    default:
      return state;
  }
}
