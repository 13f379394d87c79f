// Direction, not speed, for the adaptive e2e tests: where the controller stands is read from the
// running source (a busy machine can make even an open link look congested, so it is not assumed
// to be at the top), the throttle is chosen below what that level sends, and the tests assert
// that the source steps down from there and climbs back after the lift.
import { ladderIndex, type StreamMode } from '../../../src/internal';

/** A level and capture rate the controller chose. @internal */
export interface Rung {
  level: StreamMode;
  fps: number;
}

/** True when `b` streams less than `a`: a later rung of the ladder, or the same one at a lower fps. @internal */
export function isBelow(b: Rung, a: Rung): boolean {
  const d = ladderIndex(b.level) - ladderIndex(a.level);
  return d > 0 || (d === 0 && b.fps < a.fps);
}

/** The scenario: a 2 MB/s receiver link, under what raw pixels need at any usable fps. @internal */
export const TWO_MB = 2_000_000;

/**
 * A receiver-link rate the source cannot keep at its measured output: at most 2 MB/s (the issue's
 * scenario, when it starts at pixels), else a quarter of what it sends now. Signal at the minimum
 * fps fits under it either way.
 * @internal
 */
export function throttleBelow(bytesOutPerSec: number): number {
  return Math.max(20_000, Math.min(TWO_MB, Math.floor(bytesOutPerSec / 4)));
}

/** `Rung` as text, for messages. @internal */
export const rungText = (r: Rung): string => `${r.level} @ ${r.fps} fps`;
