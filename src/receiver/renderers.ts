import { applyDelta } from '../codec/delta';
import { DeltaPicture } from '../codec/delta-resident';
import { decodeNeuralFrame } from '../codec/neural';
import { decodePixels } from '../codec/pixels';
import { decodeSignal, mergeSignal } from '../codec/signal';
import { FrameType, type Message, type SignalState } from '../protocol/index';
import { createCompressedRenderer } from './compressed-renderer';
import type { FrameRenderer, FrameRendererFactory, RendererContext, RenderSurface } from './types';

export { createCompressedRenderer };

/**
 * Raw pictures: Pixels (0x01) and NeuralFrame (0x40) replace the backbuffer, DeltaPixels (0x03)
 * is XOR-ed into it. A delta with no base (first frame, size change, after an error or a reset)
 * is not drawn: the renderer asks for a keyframe instead. With the WASM kernel the picture stays
 * in wasm memory (DeltaPicture): deltas are applied there in place and the surface draws a view of it.
 * @public
 */
export function createRasterRenderer(ctx: RendererContext): FrameRenderer {
  const picture = new DeltaPicture();
  let width = 0;
  let height = 0;
  let valid = false;
  return {
    receive(message: Message): boolean {
      const { header } = message;
      if (header.type === FrameType.DeltaPixels) {
        if (!valid || header.width !== width || header.height !== height) {
          ctx.requestKeyframe(valid ? 'delta size differs from the base' : 'delta without a base frame');
          return false;
        }
        try {
          // Moves the picture into wasm memory once that kernel has loaded (a no-op after).
          picture.resize(width, height);
          applyDelta(message, picture.bytes());
        } catch (e) {
          // applyDelta validates before writing, but the chain is broken either way: resync.
          valid = false;
          ctx.requestKeyframe('undecodable delta');
          throw e;
        }
        return true;
      }
      let pic: ReturnType<typeof decodePixels>;
      try {
        pic = header.type === FrameType.NeuralFrame ? decodeNeuralFrame(message) : decodePixels(message);
      } catch (e) {
        // The source's next deltas build on this keyframe: the old base would show them wrong.
        valid = false;
        ctx.requestKeyframe('undecodable keyframe');
        throw e;
      }
      picture.resize(pic.width, pic.height);
      width = pic.width;
      height = pic.height;
      picture.bytes().set(pic.rgba);
      valid = true;
      return true;
    },
    draw(surface: RenderSurface | null) {
      if (surface && valid) surface.putPixels(picture.pixels(), width, height);
    },
    reset() {
      valid = false;
    },
  };
}

/**
 * Signal mode: SignalSync (0x30) replaces the state, SignalDiff (0x31) merges into it (a diff
 * with no state asks for a SignalSync). `draw` publishes the state and calls the app's renderer.
 * @public
 */
export function createSignalRenderer(ctx: RendererContext): FrameRenderer {
  let state: SignalState | null = null;
  return {
    receive(message: Message): boolean {
      const value = decodeSignal(message);
      if (message.header.type === FrameType.SignalSync) state = value;
      else if (!state) {
        ctx.requestKeyframe('signal diff without a sync');
        return false;
      } else state = mergeSignal(state, value);
      return true;
    },
    draw(surface: RenderSurface | null) {
      if (!state) return;
      ctx.setSignal(state);
      const c = ctx.renderSignal ? (surface?.context2d() ?? null) : null;
      if (c) ctx.renderSignal!(c, state);
    },
    reset() {
      state = null;
    },
  };
}

/**
 * Compressed pictures load their renderer (image decoding) on the first one, so a receiver of raw,
 * delta or signal frames never ships it; the frame that triggers the load is dropped and a keyframe
 * asked for once it is there (in compressed mode every frame is one).
 */
const lazyCompressedRenderer: FrameRendererFactory = (ctx) =>
  import('./compressed-renderer').then((m) => m.createCompressedRenderer(ctx));

/**
 * Built-in renderers by frame type. Pixels, DeltaPixels and NeuralFrame share one raster
 * renderer (a delta may follow either keyframe); CompressedPixels loads `createCompressedRenderer`
 * on first use; add a NeuralLatent decoder through `ReceiverEngineOptions.renderers`.
 * @public
 */
export const BUILTIN_RENDERERS: Readonly<Record<number, FrameRendererFactory>> = {
  [FrameType.Pixels]: createRasterRenderer,
  [FrameType.DeltaPixels]: createRasterRenderer,
  [FrameType.NeuralFrame]: createRasterRenderer,
  [FrameType.CompressedPixels]: lazyCompressedRenderer,
  [FrameType.SignalSync]: createSignalRenderer,
  [FrameType.SignalDiff]: createSignalRenderer,
};
