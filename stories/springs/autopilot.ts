// A fixed tour of targets for the springs demo when nobody is playing: the target hops between
// waypoints and every few hops kicks the bodies, so impacts (sound, haptics) happen too. The
// tour depends only on elapsed time, which makes it a repeatable benchmark workload.
import type { InputEvent } from '@ds-stream/react/core';

const WAYPOINTS: readonly [number, number][] = [
  [0.3, 0.35],
  [0.7, 0.3],
  [0.75, 0.7],
  [0.5, 0.5],
  [0.25, 0.7],
  [0.6, 0.45],
];
/** Seconds between hops: long enough for the springs to settle in between. */
const HOP_SECONDS = 1.5;
const KICK_EVERY = 4;

/** Emits the autopilot's pointer moves and kicks as ordinary input events. @internal */
export class Autopilot {
  #elapsed = 0;
  #hop = -1;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** Advances the tour by `dt` seconds and returns the inputs to apply now (usually none). */
  tick(dt: number): InputEvent[] {
    this.#elapsed += dt;
    const hop = Math.floor(this.#elapsed / HOP_SECONDS);
    if (hop === this.#hop) return [];
    this.#hop = hop;
    const [fx, fy] = WAYPOINTS[hop % WAYPOINTS.length]!;
    const x = Math.round(fx * this.width);
    const y = Math.round(fy * this.height);
    const kind = hop % KICK_EVERY === KICK_EVERY - 1 ? 'pointerdown' : 'pointer';
    return [{ kind, x, y, buttons: kind === 'pointerdown' ? 1 : 0 }];
  }
}
