// The springs demo as a small framework-free app: owns the simulation state, runs it once per
// animation frame, paints the canvas from the signal view and reports impacts.
import type { InputEvent, SignalState } from '@ds-stream/react/core';
import { Autopilot } from './autopilot';
import { type MarkerStyle, renderSprings } from './springs-render';
import { type SpringsView, toSpringsView } from './springs-signal';
import { applySpringsInput, createSprings, type Impact, type SpringsState, stepSprings } from './springs-sim';

/** Options of {@link createSpringsApp}. @public */
export interface SpringsAppOptions {
  /** The canvas to paint; it is resized to `width` x `height`. */
  canvas: HTMLCanvasElement;
  /** @defaultValue 600 */
  width?: number;
  /** @defaultValue 400 */
  height?: number;
  /** How many bodies. @defaultValue 3 */
  bodies?: number;
  /**
   * Move the target along a fixed tour while nobody gives input, so a demo is alive on its own.
   * Input pauses it for a few seconds. @defaultValue true
   */
  autopilot?: boolean;
  /** Paint the view's marker (latency benchmarks). @defaultValue false */
  marker?: MarkerStyle | false;
  /** Start paused (tests step or pause the sim to compare still pictures). @defaultValue false */
  paused?: boolean;
}

/** Called after each paint with the view painted and the paint time (`performance.now()`). @public */
export type PaintListener = (view: SpringsView, at: number) => void;
/** Called for each wall impact (sound, haptics). @public */
export type ImpactListener = (impact: Impact) => void;

/** A running springs demo. @public */
export interface SpringsApp {
  /** The current simulation state. */
  state(): SpringsState;
  /** The current wire view, as a signal state for `signalState`. */
  signal(): SignalState;
  /** Applies a receiver's (or local) input. */
  input(ev: InputEvent): void;
  /** Stops stepping and painting; the canvas keeps its last picture. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Advances by `dt` seconds and paints once, whether paused or not (tests). */
  step(dt: number): void;
  /** Listens to paints; returns the unsubscribe function. */
  onPaint(listener: PaintListener): () => void;
  /** Listens to wall impacts; returns the unsubscribe function. */
  onImpact(listener: ImpactListener): () => void;
  /** Stops the loop for good. */
  dispose(): void;
}

/** How long real input keeps the autopilot off, in milliseconds. */
const AUTOPILOT_HOLD_MS = 4000;

/**
 * Starts the springs demo on a canvas.
 * @example
 * ```ts
 * const app = createSpringsApp({ canvas });
 * engine.on('*', (ev) => app.input(ev));
 * ```
 * @public
 */
export function createSpringsApp(options: SpringsAppOptions): SpringsApp {
  const { canvas, width = 600, height = 400 } = options;
  const paintListeners = new Set<PaintListener>();
  const impactListeners = new Set<ImpactListener>();
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('springs demo: the canvas has no 2D context');
  let state = createSprings(width, height, options.bodies ?? 3);
  let view = toSpringsView(state);
  let paused = options.paused ?? false;
  let disposed = false;
  let last = -1;
  let heldUntil = 0;
  const autopilot = options.autopilot === false ? null : new Autopilot(width, height);

  const paint = () => {
    view = toSpringsView(state);
    renderSprings(ctx, view, { marker: options.marker ?? false });
    const at = performance.now();
    for (const listener of paintListeners) listener(view, at);
  };
  const advance = (dt: number, now: number) => {
    if (autopilot && now >= heldUntil) {
      for (const ev of autopilot.tick(dt)) state = applySpringsInput(state, ev);
    }
    const next = stepSprings(state, dt);
    state = next.state;
    for (const impact of next.impacts) for (const listener of impactListeners) listener(impact);
    paint();
  };
  const frame = (now: number) => {
    if (disposed) return;
    // Long gaps (a hidden tab) would launch the bodies; cap the step instead.
    if (!paused && last >= 0) advance(Math.min(now - last, 50) / 1000, now);
    last = now;
    requestAnimationFrame(frame);
  };
  paint();
  requestAnimationFrame(frame);

  return {
    state: () => state,
    signal: () => view,
    input(ev) {
      const next = applySpringsInput(state, ev);
      if (next !== state) heldUntil = performance.now() + AUTOPILOT_HOLD_MS;
      state = next;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
    },
    get paused() {
      return paused;
    },
    step(dt) {
      advance(dt, performance.now());
    },
    onPaint(listener) {
      paintListeners.add(listener);
      return () => paintListeners.delete(listener);
    },
    onImpact(listener) {
      impactListeners.add(listener);
      return () => impactListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      paintListeners.clear();
      impactListeners.clear();
    },
  };
}
