import { encodeDelta } from '../codec/delta';
import { DeltaBase } from '../codec/delta-resident';
import { encodeDeflatedPixels } from '../codec/pixels-deflate';
import type { EncodedFrame, FrameEncoder } from './types';

// A lazy chunk of the source (see `lazyEncoder`): the delta coder, its WASM kernel hook and
// DEFLATE (fflate) for keyframes load with a stream's first delta frame.

/**
 * Delta mode: XOR+RLE (0x03) against the last frame actually sent, with a keyframe every
 * `keyframeInterval` frames, on request, and whenever the size changes. Keyframes are Pixels
 * compressed losslessly (FLAG_COMPRESSED, DEFLATE level 1): the springs demo's 960 KB picture
 * goes out in about 12 KB. The reference is only replaced in `commit()`, which the engine calls
 * once the transport took the message; with the WASM kernel it stays in wasm memory (DeltaBase),
 * so each frame is copied there once and becomes the reference by a swap, not a copy.
 * @public
 */
export function createDeltaEncoder(options: { keyframeInterval: number }): FrameEncoder {
  const reference = new DeltaBase();
  let sinceKey = 0;
  return {
    mode: 'delta',
    input: 'picture',
    encode(input, ctx): EncodedFrame | null {
      if (input.kind !== 'picture') return null;
      const { rgba, width, height } = input.frame;
      const key = ctx.keyframe || !reference.has(width, height) || sinceKey >= options.keyframeInterval;
      // Copied before encoding (into wasm memory where that kernel runs), so the capture buffer
      // may be reused by the next getImageData; commit() makes the copy the reference by a swap.
      const current = reference.stage(rgba, width, height);
      const message = key
        ? encodeDeflatedPixels(rgba, width, height, ctx)
        : encodeDelta(current, reference.base(), width, height, ctx);
      return {
        message,
        keyframe: key,
        commit() {
          reference.commit(width, height);
          sinceKey = key ? 1 : sinceKey + 1;
        },
      };
    },
    reset() {
      reference.reset();
    },
  };
}
