import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { u32 } from '../protocol/header';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { inflateExact } from './deflate';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';

/** Payload byte 0 of a Pixels frame with FLAG_COMPRESSED: raw DEFLATE (RFC 1951) of the RGBA. @internal */
export const PIXELS_DEFLATE_FORMAT = 1;

/** Bytes before the DEFLATE stream in a compressed Pixels payload (format, reserved, raw length). @internal */
export const PIXELS_DEFLATE_HEADER_SIZE = 8;

/** A decoded raw RGBA picture. @public */
export interface RgbaPicture {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /**
   * width x height x 4 bytes of RGBA, row-major: a view into the message, not a copy, or (for a
   * FLAG_COMPRESSED frame) the freshly inflated bytes.
   */
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
  const size = checkRgba(rgba, width, height);
  const out = allocMessage(frameHeader(type, Flag.Keyframe, meta, width, height), size);
  out.set(rgba, HEADER_SIZE);
  return out;
}

/** Checks the dimensions and that `rgba` holds exactly width*height*4 bytes; returns that size. */
/** The byte size of an RGBA picture, checked against its dimensions. @internal */
export function checkRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): number {
  checkU16('width', width);
  checkU16('height', height);
  const size = width * height * 4;
  if (rgba.length !== size) {
    fail('SIZE_MISMATCH', `rgba is ${rgba.length} bytes, ${width}x${height}x4 = ${size}`);
  }
  return size;
}

/** Decodes a raw RGBA message of `type` (shared by Pixels and NeuralFrame). @internal */
export function decodeRgba(message: Message, type: number): RgbaPicture {
  expectFrame(message, type);
  const { header, payload } = message;
  const size = header.width * header.height * 4;
  if ((header.flags & Flag.Compressed) !== 0) {
    return { width: header.width, height: header.height, rgba: inflateRgba(payload, size) };
  }
  if (payload.length !== size) {
    fail('SIZE_MISMATCH', `payload is ${payload.length} bytes, ${header.width}x${header.height}x4 = ${size}`);
  }
  return { width: header.width, height: header.height, rgba: payload };
}

/**
 * The RGBA of a FLAG_COMPRESSED payload. The declared raw length is checked against the header's
 * width x height x 4 before anything is inflated, and the stream may not inflate past it.
 */
function inflateRgba(payload: Uint8Array, size: number): Uint8Array {
  if (payload.length < PIXELS_DEFLATE_HEADER_SIZE) {
    fail('BAD_PAYLOAD', `compressed Pixels payload is ${payload.length} bytes, its header alone is 8`);
  }
  if (payload[0] !== PIXELS_DEFLATE_FORMAT)
    fail('BAD_PAYLOAD', `unknown compressed Pixels format ${payload[0]}`);
  const rawLength = u32(payload, 4);
  if (rawLength !== size) fail('SIZE_MISMATCH', `raw_len is ${rawLength}, width x height x 4 = ${size}`);
  return inflateExact(payload.subarray(PIXELS_DEFLATE_HEADER_SIZE), size, 'compressed Pixels');
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
 * Decodes a Pixels message; `rgba` is a zero-copy view of the payload, or, with FLAG_COMPRESSED,
 * the inflated picture (checked to be exactly width x height x 4 bytes before and while inflating).
 * @throws ProtocolError `UNKNOWN_TYPE` (not Pixels), `SIZE_MISMATCH` (payload, or the inflated
 * picture, is not w*h*4), `BAD_PAYLOAD` (compressed: short header, unknown format, corrupt stream)
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
