// The receiver side: a renderer for NeuralLatent (0x43) that plugs into
// `ReceiverEngineOptions.renderers`, loading tfjs and the decoder on first use.
import { decodeNeuralLatent } from '../codec/neural';
import { FrameType, type Message } from '../protocol/index';
import type { NeuralBackendOptions } from './backend';
import type {
  NeuralRenderer,
  NeuralRendererFactory,
  NeuralRendererHost,
  NeuralSurface,
} from './engine-types';
import { NeuralError } from './errors';
import { type LatentCodec, latentMismatch, loadLatentCodec } from './latent-codec';

/**
 * Decodes NeuralLatent frames with the shipped decoder. A latent for another model id or
 * version (or another size or quantisation) is refused: nothing is painted from it, the
 * renderer asks the source for a keyframe (a source that can, answers in another mode), and
 * `receive` throws `NeuralError` `MODEL_MISMATCH`, which the engine shows as `state.error`.
 * @public
 */
export function createLatentRenderer(ctx: NeuralRendererHost, codec: LatentCodec): NeuralRenderer {
  let back: Uint8ClampedArray | null = null;
  let width = 0;
  let height = 0;
  return {
    receive(message: Message): boolean {
      const latent = decodeNeuralLatent(message);
      const why = latentMismatch(latent);
      if (why) {
        back = null;
        ctx.requestKeyframe('unsupported neural model');
        throw new NeuralError('MODEL_MISMATCH', why);
      }
      back = codec.decode(latent);
      width = latent.width;
      height = latent.height;
      return true;
    },
    draw(surface: NeuralSurface | null) {
      if (surface && back) surface.putPixels(back, width, height);
    },
    reset() {
      back = null;
    },
  };
}

/**
 * The renderers to pass as `ReceiverEngineOptions.renderers`: NeuralLatent, loaded on its first
 * frame. Import this module lazily so tfjs loads only when a neural stream arrives.
 * @example
 * ```ts
 * createReceiverEngine({ url, channel, renderers: {
 *   [FrameType.NeuralLatent]: async (ctx) => (await import('@ds-stream/react/neural')).latentRendererFactory()(ctx),
 * } });
 * ```
 * @public
 */
export function latentRendererFactory(options?: NeuralBackendOptions): NeuralRendererFactory {
  return async (ctx) => createLatentRenderer(ctx, await loadLatentCodec(options));
}

/** `{ [0x43]: latentRendererFactory(options) }`, ready to spread into `renderers`. @public */
export function neuralRenderers(options?: NeuralBackendOptions): Record<number, NeuralRendererFactory> {
  return { [FrameType.NeuralLatent]: latentRendererFactory(options) };
}
