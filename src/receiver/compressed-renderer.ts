import { type CompressedPicture, decodeCompressed } from '../codec/compressed';
import { type DecodedPicture, decodeCompressedPicture } from '../media/image-decoder';
import type { Message } from '../protocol/index';
import type { FrameRenderer, RendererContext, RenderSurface } from './types';

/** A picture waiting for the decoder, with the promise `receive` returned for it. */
interface Waiting {
  pic: CompressedPicture;
  generation: number;
  resolve(ok: boolean): void;
  reject(e: unknown): void;
}

/**
 * Compressed pictures (0x02, WebP/PNG/JPEG): decoded with the browser's image decoder
 * (`createImageBitmap`) and checked against the header's size. ONE decode is in flight at a time:
 * a picture arriving meanwhile waits, and a newer one replaces it (the replaced one resolves
 * `false`, never decoded), so a burst costs at most two decodes and results land in arrival order,
 * never an older picture over a newer one. A picture that cannot be decoded asks for a keyframe.
 * @public
 */
export function createCompressedRenderer(ctx: RendererContext): FrameRenderer {
  let latest: DecodedPicture | null = null;
  let inFlight = false;
  let waiting: Waiting | null = null;
  // Bumped by reset(): a decode started before it belongs to a stream the engine has moved past
  // (mode switch, reconnect), and its result must neither draw nor make this renderer current.
  let generation = 0;

  const drop = (): void => {
    waiting?.resolve(false);
    waiting = null;
    latest?.bitmap.close();
    latest = null;
  };

  const run = async (pic: CompressedPicture, gen: number): Promise<boolean> => {
    inFlight = true;
    try {
      let decoded: DecodedPicture;
      try {
        decoded = await decodeCompressedPicture(pic);
      } catch (e) {
        if (gen === generation) ctx.requestKeyframe('undecodable compressed frame');
        throw e;
      }
      if (gen !== generation) {
        decoded.bitmap.close();
        return false;
      }
      latest?.bitmap.close();
      latest = decoded;
      return true;
    } finally {
      inFlight = false;
      const next = waiting;
      waiting = null;
      if (next) run(next.pic, next.generation).then(next.resolve, next.reject);
    }
  };

  return {
    async receive(message: Message): Promise<boolean> {
      let pic: CompressedPicture;
      try {
        pic = decodeCompressed(message);
      } catch (e) {
        ctx.requestKeyframe('undecodable compressed frame');
        throw e;
      }
      if (!inFlight) return run(pic, generation);
      // The message's bytes belong to the caller only until `receive` returns: keep a copy (not
      // `slice()`, which is a view on a Node Buffer a custom transport may hand over).
      const copy: CompressedPicture = { ...pic, bytes: new Uint8Array(pic.bytes) };
      waiting?.resolve(false);
      return new Promise<boolean>((resolve, reject) => {
        waiting = { pic: copy, generation, resolve, reject };
      });
    },
    draw(surface: RenderSurface | null) {
      if (latest && surface?.drawImage) surface.drawImage(latest.bitmap, latest.width, latest.height);
    },
    reset() {
      generation++;
      drop();
    },
    dispose() {
      generation++;
      drop();
    },
  };
}
