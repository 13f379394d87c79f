/** How the source decides when to capture. @public */
export type CaptureSchedule = 'interval' | 'animation-frame' | 'manual';

/** Highest capture rate accepted: beyond it a typo (fps 3000) would just burn the CPU. @internal */
export const MAX_FPS = 240;

/** Throws `TypeError` for an fps that would make a zero, infinite or NaN frame interval. @internal */
export function checkFps(fps: number): number {
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0 || fps > MAX_FPS) {
    throw new TypeError(`fps must be a number in (0, ${MAX_FPS}], got ${String(fps)}`);
  }
  return fps;
}

/**
 * Deadline pacing at a target fps without drift: each frame's deadline is the previous deadline
 * plus one interval (not "now plus one interval"), so late ticks do not push later frames back.
 * A tick up to a quarter interval early counts, because display refreshes do not divide the
 * interval exactly (30 fps on 60 Hz ticks at 16.7 ms steps with jitter). Falling more than one
 * interval behind resynchronises instead of bursting to catch up.
 * @internal
 */
export class FramePacer {
  #interval: number;
  #next = Number.NEGATIVE_INFINITY;

  constructor(fps: number) {
    this.#interval = 1000 / fps;
  }

  /** Milliseconds between frames. */
  get interval(): number {
    return this.#interval;
  }

  /** The next deadline (`-Infinity` before the first frame). */
  get next(): number {
    return this.#next;
  }

  /** Changes the rate; the next tick is due at once. */
  setFps(fps: number): void {
    this.#interval = 1000 / fps;
    this.#next = Number.NEGATIVE_INFINITY;
  }

  /** Is a frame due at `now` (ms)? If so the slot is taken and the deadline moves on. */
  take(now: number): boolean {
    const i = this.#interval;
    if (now < this.#next - i / 4) return false;
    this.#next = now - this.#next >= i ? now + i : this.#next + i;
    return true;
  }
}

/** What a capture clock drives. @internal */
export interface ClockHost {
  /** Runs one capture step (already paced). */
  tick(): void;
  now(): number;
}

/** Ms without an animation frame after which a watchdog timer ticks instead (hidden tab, no paints). */
const RAF_STALL_MS = 250;

type RafFns = { request: (cb: (t: number) => void) => number; cancel: (id: number) => void };

function rafFns(): RafFns | null {
  const g = globalThis as {
    requestAnimationFrame?: RafFns['request'];
    cancelAnimationFrame?: RafFns['cancel'];
  };
  if (typeof g.requestAnimationFrame !== 'function' || typeof g.cancelAnimationFrame !== 'function')
    return null;
  return {
    request: g.requestAnimationFrame.bind(globalThis),
    cancel: g.cancelAnimationFrame.bind(globalThis),
  };
}

/** `'animation-frame'` where the platform has `requestAnimationFrame`, else `'interval'`. @internal */
export function defaultSchedule(): CaptureSchedule {
  return rafFns() ? 'animation-frame' : 'interval';
}

/**
 * Starts the timers of a schedule and returns how to stop them; every tick goes through `pacer`.
 * - `interval`: a `setTimeout` chain aimed at each deadline (no drift, unlike `setInterval`'s rounding).
 * - `animation-frame`: one capture per display frame, throttled to fps. The next request is made
 *   from a task after the frame, so it lands behind the app's own `requestAnimationFrame` for the
 *   next frame and the capture sees what the app painted in that same frame. A watchdog ticks
 *   when frames stop (hidden tab) so keyframes for new receivers still go out.
 * - `manual`: nothing; the app calls `captureNow()` after painting.
 * @internal
 */
export function startClock(schedule: CaptureSchedule, pacer: FramePacer, host: ClockHost): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const step = () => {
    if (pacer.take(host.now())) host.tick();
  };
  if (schedule === 'manual') return () => {};
  const raf = schedule === 'animation-frame' ? rafFns() : null;
  if (!raf) {
    const loop = () => {
      if (stopped) return;
      step();
      timer = setTimeout(loop, Math.max(0, pacer.next - host.now()));
    };
    timer = setTimeout(loop, 0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }
  let frame: number | null = null;
  let lastFrame = host.now();
  const onFrame = () => {
    frame = null;
    if (stopped) return;
    lastFrame = host.now();
    step();
    timer = setTimeout(request, 0);
  };
  const request = () => {
    timer = null;
    if (!stopped) frame = raf.request(onFrame);
  };
  const watchdog = setInterval(() => {
    if (host.now() - lastFrame >= RAF_STALL_MS) step();
  }, RAF_STALL_MS);
  request();
  return () => {
    stopped = true;
    if (frame !== null) raf.cancel(frame);
    if (timer) clearTimeout(timer);
    clearInterval(watchdog);
  };
}
