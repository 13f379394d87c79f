// The source side: encoder factories for `mode="neural"` that plug into
// `SourceEngineOptions.encoders` without touching the engine.
import { encodeNeuralFrame, encodeNeuralLatent } from '../codec/neural';
import { Flag } from '../protocol/constants';
import type { NeuralBackendOptions } from './backend';
import type { NeuralFrameEncoder, NeuralFrameEncoderFactory } from './engine-types';
import { loadSpringsGenerator, type SpringsGenerator } from './generator';
import { type LatentCodec, loadLatentCodec } from './latent-codec';

/**
 * Model A: the source runs the generator on the app's signal state instead of its renderer and
 * streams the picture as NeuralFrame (0x40), which receivers show like Pixels. A state the model
 * does not know is an encode error (`BAD_STATE`), never a wrong picture.
 * @example
 * ```ts
 * const neural = await neuralFrameEncoder();
 * createSourceEngine({ url, channel, mode: 'neural', signalState: app.signal, encoders: { neural } });
 * ```
 * @public
 */
export async function neuralFrameEncoder(options?: NeuralBackendOptions): Promise<NeuralFrameEncoderFactory> {
  const gen: SpringsGenerator = await loadSpringsGenerator(options);
  return (): NeuralFrameEncoder => ({
    mode: 'neural',
    input: 'signal',
    encode(input, ctx) {
      if (input.kind !== 'signal') return null;
      const w = typeof input.state.w === 'number' ? input.state.w : 0;
      const h = typeof input.state.h === 'number' ? input.state.h : 0;
      return { message: encodeNeuralFrame(gen.render(input.state, w, h), w, h, ctx), keyframe: true };
    },
    reset() {},
  });
}

/**
 * Model B: the source turns each captured picture into a 900-byte int8 latent and streams it
 * as NeuralLatent (0x43, FLAG_KEYFRAME: every latent decodes on its own). Whole payload 922
 * bytes (docs/PROTOCOL.md).
 * @example
 * ```ts
 * const neural = await neuralLatentEncoder();
 * createSourceEngine({ url, channel, mode: 'neural', encoders: { neural } });
 * ```
 * @public
 */
export async function neuralLatentEncoder(
  options?: NeuralBackendOptions,
): Promise<NeuralFrameEncoderFactory> {
  const codec: LatentCodec = await loadLatentCodec(options);
  return (): NeuralFrameEncoder => ({
    mode: 'neural',
    input: 'picture',
    encode(input, ctx) {
      if (input.kind !== 'picture') return null;
      const { rgba, width, height } = input.frame;
      return { message: encodeLatentKeyframe(codec, rgba, width, height, ctx), keyframe: true };
    },
    reset() {},
  });
}

/** One NeuralLatent message with FLAG_KEYFRAME set (the codec writes flags 0). @internal */
export function encodeLatentKeyframe(
  codec: LatentCodec,
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: { seq: number; timestamp: number },
): Uint8Array {
  const message = encodeNeuralLatent(codec.encode(rgba, width, height), meta);
  message[1] = message[1]! | Flag.Keyframe;
  return message;
}
