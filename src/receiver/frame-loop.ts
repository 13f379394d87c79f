import { FrameType } from '../protocol/index';
import type { StreamMode } from '../quality/ladder';

/** Schedules one callback on the next display frame; returns its cancel function. @internal */
export type RequestFrame = (cb: () => void) => () => void;

/**
 * `requestAnimationFrame` where there is one; a 16 ms timer elsewhere (Node, workers without
 * rAF), so the engine runs the same way in tests.
 * @internal
 */
export function defaultRequestFrame(): RequestFrame {
  const g = globalThis as {
    requestAnimationFrame?: (cb: () => void) => number;
    cancelAnimationFrame?: (h: number) => void;
  };
  const raf = g.requestAnimationFrame;
  const caf = g.cancelAnimationFrame;
  if (raf && caf) {
    return (cb) => {
      const h = raf(cb);
      return () => caf(h);
    };
  }
  return (cb) => {
    const h = setTimeout(cb, 16);
    return () => clearTimeout(h);
  };
}

/** The mode a frame type belongs to. @internal */
export const MODE_OF_FRAME: Readonly<Record<number, StreamMode>> = {
  [FrameType.Pixels]: 'pixel',
  [FrameType.CompressedPixels]: 'compressed',
  [FrameType.DeltaPixels]: 'delta',
  [FrameType.SignalSync]: 'signal',
  [FrameType.SignalDiff]: 'signal',
  [FrameType.NeuralFrame]: 'neural',
  [FrameType.NeuralLatent]: 'neural',
};
