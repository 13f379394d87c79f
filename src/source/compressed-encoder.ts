import { encodeCompressed } from '../codec/compressed';
import { DEFAULT_WEBP_QUALITY, encodeImage, type ImageEncodeMime } from '../media/webp-encoder';
import type { EncodedFrame, FrameEncoder, ImageEncodeFn } from './types';

/** The browser's encoder behind `ImageEncodeFn`. @internal */
export const platformImageEncoder: ImageEncodeFn = async (frame, options) => {
  const { rgba, width, height } = frame;
  // ImageData wants a clamped view of a plain ArrayBuffer; capture gives one, anything else is copied.
  const data =
    rgba instanceof Uint8ClampedArray && rgba.buffer instanceof ArrayBuffer
      ? (rgba as Uint8ClampedArray<ArrayBuffer>)
      : new Uint8ClampedArray(rgba);
  const img = await encodeImage(new ImageData(data, width, height), options);
  return img.bytes;
};

/** Options of `createCompressedEncoder`. @public */
export interface CompressedEncoderOptions {
  /**
   * Lossy WebP quality 0..1, read before every frame so a controller can move it.
   * @defaultValue `DEFAULT_WEBP_QUALITY` (0.8)
   */
  quality?: () => number;
  /**
   * Send PNG (lossless) instead of WebP.
   * @defaultValue false
   */
  lossless?: boolean;
  /**
   * The image encoder.
   * @defaultValue the browser's canvas encoder
   */
  encodeImage?: ImageEncodeFn;
}

/**
 * Compressed mode: every frame a WebP (or PNG) picture in a CompressedPixels message (0x02, always
 * a keyframe). Encoding is asynchronous; the engine runs one encode at a time and skips the frames
 * that come due meanwhile, so a slow encoder lowers the frame rate instead of building a queue.
 * @example
 * ```ts
 * createSourceEngine({ url, channel, canvas, mode: 'compressed', encoders: {
 *   compressed: () => createCompressedEncoder({ lossless: true }) } });
 * ```
 * @public
 */
export function createCompressedEncoder(options: CompressedEncoderOptions = {}): FrameEncoder {
  const encode = options.encodeImage ?? platformImageEncoder;
  const type: ImageEncodeMime = options.lossless ? 'image/png' : 'image/webp';
  return {
    mode: 'compressed',
    input: 'picture',
    async encode(input, ctx): Promise<EncodedFrame | null> {
      if (input.kind !== 'picture') return null;
      const q = options.quality?.() ?? DEFAULT_WEBP_QUALITY;
      const quality = Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : DEFAULT_WEBP_QUALITY;
      const bytes = await encode(input.frame, { type, quality });
      return { message: encodeCompressed(bytes, input.frame.width, input.frame.height, ctx), keyframe: true };
    },
    reset() {},
  };
}
