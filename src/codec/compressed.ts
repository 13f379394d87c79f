import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/** Image formats a CompressedPixels frame may carry. @public */
export type CompressedMime = 'image/webp' | 'image/png' | 'image/jpeg';

/** A decoded CompressedPixels frame: still-encoded image bytes for the platform decoder. @public */
export interface CompressedPicture {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Format, sniffed from the magic bytes. */
  mime: CompressedMime;
  /** The encoded image; a view into the message. */
  bytes: Uint8Array;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(b: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

/**
 * Sniffs an image format from its magic bytes (PNG signature, JPEG SOI `FF D8 FF`,
 * `RIFF....WEBP`), or `null` when it is none of them.
 * @internal
 */
export function sniffImageMime(bytes: Uint8Array): CompressedMime | null {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return 'image/webp';
  }
  return null;
}

/**
 * Wraps an encoded image (WebP, PNG or JPEG from the platform encoder) as a
 * CompressedPixels frame (0x02, FLAG_COMPRESSED | FLAG_KEYFRAME).
 * @throws ProtocolError `BAD_PAYLOAD` (not WebP/PNG/JPEG, or a dimension not a u16)
 * @example
 * ```ts
 * const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
 * ws.send(encodeCompressed(new Uint8Array(await blob.arrayBuffer()), 600, 400, { seq, timestamp }));
 * ```
 * @public
 */
export function encodeCompressed(
  bytes: Uint8Array,
  width: number,
  height: number,
  meta: FrameMeta,
): Uint8Array {
  checkU16('width', width);
  checkU16('height', height);
  if (sniffImageMime(bytes) === null) fail('BAD_PAYLOAD', 'image is not WebP, PNG or JPEG');
  const flags = Flag.Compressed | Flag.Keyframe;
  const out = allocMessage(frameHeader(FrameType.CompressedPixels, flags, meta, width, height), bytes.length);
  out.set(bytes, HEADER_SIZE);
  return out;
}

/**
 * Decodes a CompressedPixels frame; decode `bytes` with `createImageBitmap(new Blob([bytes], { type: mime }))`.
 * @throws ProtocolError `UNKNOWN_TYPE` (not CompressedPixels), `BAD_PAYLOAD` (unknown format)
 * @public
 */
export function decodeCompressed(message: Message): CompressedPicture {
  expectFrame(message, FrameType.CompressedPixels);
  const { header, payload } = message;
  const mime = sniffImageMime(payload);
  if (mime === null) fail('BAD_PAYLOAD', 'CompressedPixels payload is not WebP, PNG or JPEG');
  return { width: header.width, height: header.height, mime, bytes: payload };
}
