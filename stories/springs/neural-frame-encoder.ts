// The demo's neural encoder: the NeuralFrame transport (0x40) carrying the canvas's RGBA as it is,
// which receivers render like Pixels. It proves the path an app's model plugs into
// (`encoders: { neural }`); the trained model itself is a later issue, so no model runs here.
import { encodeNeuralFrame, type FrameEncoder } from '@ds-stream/react/core';

/**
 * Encodes every captured picture as a NeuralFrame keyframe with the picture unchanged (an identity
 * "model"): same bytes on the wire as pixel mode.
 * @example
 * ```tsx
 * <StreamSource mode="neural" encoders={{ neural: createNeuralFrameEncoder }} ... />
 * ```
 * @internal
 */
export function createNeuralFrameEncoder(): FrameEncoder {
  return {
    mode: 'neural',
    input: 'picture',
    encode(input, ctx) {
      if (input.kind !== 'picture') return null;
      const { rgba, width, height } = input.frame;
      return { message: encodeNeuralFrame(rgba, width, height, ctx), keyframe: true };
    },
    reset() {},
  };
}
