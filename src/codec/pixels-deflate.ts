import { Flag, FrameType, HEADER_SIZE } from '../protocol/constants';
import { allocMessage } from '../protocol/message';
import { type DeflateLevel, deflateRaw } from './deflate';
import { type FrameMeta, frameHeader } from './frame-meta';
import { checkRgba, PIXELS_DEFLATE_FORMAT, PIXELS_DEFLATE_HEADER_SIZE } from './pixels';

// Apart from pixels.ts so that a source which sends raw Pixels, or has not sent a keyframe yet,
// does not carry DEFLATE (fflate): the delta encoder loads this module for its first keyframe.

/**
 * Encodes an RGBA frame as a losslessly compressed keyframe: Pixels (0x01) with FLAG_KEYFRAME and
 * FLAG_COMPRESSED, its payload the 8-byte header of docs/PROTOCOL.md and the raw DEFLATE of the
 * RGBA. A rendered UI picture shrinks by one to two orders of magnitude (the springs demo's
 * 960 KB keyframe to about 12 KB at level 1); delta mode sends its keyframes this way.
 * @param level DEFLATE level; 1 (the default) encodes in about 0.7x level 6's time for about 25% more
 * bytes (BENCHMARKS.md, "Keyframes")
 * @throws ProtocolError `SIZE_MISMATCH` when `rgba.length !== width * height * 4`,
 * `BAD_PAYLOAD` when a dimension is not a u16
 * @example
 * ```ts
 * ws.send(encodeDeflatedPixels(img.data, 600, 400, { seq, timestamp }));
 * const { rgba } = decodePixels(decodeMessage(bytes)); // inflated, exactly 600 x 400 x 4 bytes
 * ```
 * @public
 */
export function encodeDeflatedPixels(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: FrameMeta,
  level: DeflateLevel = 1,
): Uint8Array {
  const size = checkRgba(rgba, width, height);
  const packed = deflateRaw(rgba, level);
  const flags = Flag.Keyframe | Flag.Compressed;
  const out = allocMessage(
    frameHeader(FrameType.Pixels, flags, meta, width, height),
    PIXELS_DEFLATE_HEADER_SIZE + packed.length,
  );
  const p = HEADER_SIZE;
  out[p] = PIXELS_DEFLATE_FORMAT;
  out[p + 4] = size & 0xff;
  out[p + 5] = (size >>> 8) & 0xff;
  out[p + 6] = (size >>> 16) & 0xff;
  out[p + 7] = (size >>> 24) & 0xff;
  out.set(packed, p + PIXELS_DEFLATE_HEADER_SIZE);
  return out;
}
