import { type CompressedMime, type CompressedPicture, decodeCompressed } from '../codec/index';
import { ProtocolError } from '../protocol/errors';
import type { Message } from '../protocol/types';
import { MediaError } from './errors';

/** A decoded CompressedPixels frame, ready for `drawImage`. @public */
export interface DecodedPicture {
  width: number;
  height: number;
  /** Close it once drawn, to free its memory at once. */
  bitmap: ImageBitmap;
}

/**
 * Decodes WebP/PNG/JPEG bytes to an `ImageBitmap` with the browser's decoder.
 * @throws MediaError `UNSUPPORTED` (no `createImageBitmap`), `DECODE_FAILED` (corrupt image)
 * @example
 * ```ts
 * const bitmap = await decodeImage(bytes, 'image/webp');
 * ctx.drawImage(bitmap, 0, 0);
 * bitmap.close();
 * ```
 * @public
 */
export async function decodeImage(bytes: Uint8Array, mime: CompressedMime): Promise<ImageBitmap> {
  if (typeof createImageBitmap !== 'function') throw new MediaError('UNSUPPORTED', 'createImageBitmap');
  // Blob copies the bytes, so a view into a reused receive buffer is safe here.
  const part = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
  try {
    return await createImageBitmap(new Blob([part], { type: mime }));
  } catch (e) {
    throw new MediaError('DECODE_FAILED', `${mime}, ${bytes.length} bytes: ${String(e)}`, { cause: e });
  }
}

/**
 * Decodes a CompressedPixels message (0x02) to an `ImageBitmap`, checking the picture against the
 * header's width and height.
 * @throws ProtocolError (`UNKNOWN_TYPE`, `BAD_PAYLOAD`, `SIZE_MISMATCH`), MediaError `DECODE_FAILED`
 * @example
 * ```ts
 * const { bitmap } = await decodeCompressedFrame(message);
 * ```
 * @public
 */
export async function decodeCompressedFrame(message: Message): Promise<DecodedPicture> {
  return decodeCompressedPicture(decodeCompressed(message));
}

/**
 * Decodes an already parsed CompressedPixels picture (`decodeCompressed`'s result) to an
 * `ImageBitmap`, checking the image against the header's width and height.
 * @throws ProtocolError `SIZE_MISMATCH`, MediaError `UNSUPPORTED`, `DECODE_FAILED`
 * @public
 */
export async function decodeCompressedPicture(pic: CompressedPicture): Promise<DecodedPicture> {
  const bitmap = await decodeImage(pic.bytes, pic.mime);
  if (bitmap.width !== pic.width || bitmap.height !== pic.height) {
    bitmap.close();
    throw new ProtocolError(
      'SIZE_MISMATCH',
      `image is ${bitmap.width}x${bitmap.height}, header says ${pic.width}x${pic.height}`,
    );
  }
  return { width: pic.width, height: pic.height, bitmap };
}
