import { applyDelta } from '../codec/delta';
import { DeltaPicture } from '../codec/delta-resident';
import { decodeNeuralFrame } from '../codec/neural';
import { decodePixels } from '../codec/pixels';
import { FrameType, type Message } from '../protocol/index';
import type { FrameRenderer, RendererContext, RenderSurface } from './types';

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
