import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/** A decoded raw RGBA picture. @public */
export interface RgbaPicture {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** width x height x 4 bytes of RGBA, row-major; a view into the message, not a copy. */
  rgba: Uint8Array;
}

/** Encodes raw RGBA as a message of `type` with FLAG_KEYFRAME (shared by Pixels and NeuralFrame). @internal */
export function encodeRgba(
  type: number,
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: FrameMeta,
): Uint8Array {
  checkU16('width', width);
  checkU16('height', height);
  const size = width * height * 4;
  if (rgba.length !== size) {
    fail('SIZE_MISMATCH', `rgba is ${rgba.length} bytes, ${width}x${height}x4 = ${size}`);
  }
  const out = allocMessage(frameHeader(type, Flag.Keyframe, meta, width, height), size);
  out.set(rgba, HEADER_SIZE);
  return out;
}

/** Decodes a raw RGBA message of `type` (shared by Pixels and NeuralFrame). @internal */
export function decodeRgba(message: Message, type: number): RgbaPicture {
  expectFrame(message, type);
  const { header, payload } = message;
  const size = header.width * header.height * 4;
  if (payload.length !== size) {
    fail('SIZE_MISMATCH', `payload is ${payload.length} bytes, ${header.width}x${header.height}x4 = ${size}`);
  }
  return { width: header.width, height: header.height, rgba: payload };
}

/**
 * Encodes a raw RGBA frame (Pixels, 0x01, FLAG_KEYFRAME) as one whole message.
 * @throws ProtocolError `SIZE_MISMATCH` when `rgba.length !== width * height * 4`,
 * `BAD_PAYLOAD` when a dimension is not a u16
 * @example
 * ```ts
 * const img = ctx.getImageData(0, 0, 600, 400);
 * ws.send(encodePixels(img.data, 600, 400, { seq, timestamp }));
 * ```
 * @public
 */
export function encodePixels(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: FrameMeta,
): Uint8Array {
  return encodeRgba(FrameType.Pixels, rgba, width, height, meta);
}

/**
 * Decodes a Pixels message; `rgba` is a zero-copy view of the payload.
 * @throws ProtocolError `UNKNOWN_TYPE` (not Pixels), `SIZE_MISMATCH` (payload is not w*h*4)
 * @example
 * ```ts
 * const { width, height, rgba } = decodePixels(decodeMessage(bytes));
 * ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
 * ```
 * @public
 */
export function decodePixels(message: Message): RgbaPicture {
  return decodeRgba(message, FrameType.Pixels);
}
