import { FrameType, HEADER_SIZE } from '../protocol/constants';
import { fail } from '../protocol/errors';
import { allocMessage } from '../protocol/message';
import type { Message } from '../protocol/types';
import { checkU16, expectFrame, type FrameMeta, frameHeader } from './frame-meta';
import { decodeRgba, encodeRgba, type RgbaPicture } from './pixels';

/**
 * Encodes model-generated RGBA as a NeuralFrame (0x40, FLAG_KEYFRAME): the same payload as
 * Pixels, a different type so receivers and stats can tell them apart.
 * @throws ProtocolError `SIZE_MISMATCH`, `BAD_PAYLOAD` as `encodePixels`
 * @public
 */
export function encodeNeuralFrame(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  meta: FrameMeta,
): Uint8Array {
  return encodeRgba(FrameType.NeuralFrame, rgba, width, height, meta);
}

/**
 * Decodes a NeuralFrame; `rgba` is a view of the payload.
 * @throws ProtocolError `UNKNOWN_TYPE`, `SIZE_MISMATCH` as `decodePixels`
 * @public
 */
export function decodeNeuralFrame(message: Message): RgbaPicture {
  return decodeRgba(message, FrameType.NeuralFrame);
}

/** How latent values are stored; the wire code is the index in this list. @public */
export const LATENT_QUANTISATIONS = ['float32', 'float16', 'int8', 'uint8'] as const;

/** Storage of latent values. @public */
export type LatentQuantisation = (typeof LATENT_QUANTISATIONS)[number];

const ELEMENT_SIZE: Record<LatentQuantisation, number> = { float32: 4, float16: 2, int8: 1, uint8: 1 };

/** Payload bytes before the model id: quant u8, id length u8, version u16, scale f32, offset f32. @internal */
export const LATENT_FIXED_SIZE = 12;

/**
 * A latent-space scene for a decoder model on the receiver (NeuralLatent, 0x43). Value i is
 * `stored[i] * scale + offset`.
 * @public
 */
export interface NeuralLatent {
  /** Which decoder model renders it (1..255 UTF-8 bytes), e.g. `"springs-vae"`. */
  modelId: string;
  /** Model version (u16); a receiver refuses a latent its model version cannot read. */
  modelVersion: number;
  /** How `latent` stores values. */
  quantisation: LatentQuantisation;
  /** Dequantisation scale. */
  scale: number;
  /** Dequantisation offset. */
  offset: number;
  /** Output picture width the model should render (header width). */
  width: number;
  /** Output picture height (header height). */
  height: number;
  /** Stored values, little-endian; a view into the message when decoded. */
  latent: Uint8Array;
}

/** Input of {@link encodeNeuralLatent}: `scale` defaults to 1 and `offset` to 0. @public */
export type NeuralLatentInit = Omit<NeuralLatent, 'scale' | 'offset'> & { scale?: number; offset?: number };

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes a NeuralLatent frame (0x43): quant u8, model id length u8, model version u16,
 * scale f32, offset f32, model id (UTF-8), latent bytes. All little-endian.
 * @throws ProtocolError `BAD_PAYLOAD` (model id empty or over 255 bytes, bad version, size,
 * scale or offset), `SIZE_MISMATCH` (latent not a whole number of elements)
 * @example
 * ```ts
 * ws.send(encodeNeuralLatent({ modelId: 'springs-vae', modelVersion: 3, quantisation: 'int8',
 *   scale: 1 / 64, latent: q, width: 600, height: 400 }, { seq, timestamp }));
 * ```
 * @public
 */
export function encodeNeuralLatent(init: NeuralLatentInit, meta: FrameMeta): Uint8Array {
  checkU16('width', init.width);
  checkU16('height', init.height);
  checkU16('modelVersion', init.modelVersion);
  const id = utf8.encode(init.modelId);
  if (id.length < 1 || id.length > 255) fail('BAD_PAYLOAD', `model id is ${id.length} UTF-8 bytes, 1..255`);
  const quant = LATENT_QUANTISATIONS.indexOf(init.quantisation);
  if (quant < 0) fail('BAD_PAYLOAD', `unknown quantisation ${String(init.quantisation)}`);
  const scale = init.scale ?? 1;
  const offset = init.offset ?? 0;
  if (!Number.isFinite(scale) || !Number.isFinite(offset))
    fail('BAD_PAYLOAD', 'scale and offset must be finite');
  if (init.latent.length % ELEMENT_SIZE[init.quantisation] !== 0) {
    fail('SIZE_MISMATCH', `${init.latent.length} latent bytes are not whole ${init.quantisation} values`);
  }
  const out = allocMessage(
    frameHeader(FrameType.NeuralLatent, 0, meta, init.width, init.height),
    LATENT_FIXED_SIZE + id.length + init.latent.length,
  );
  const view = new DataView(out.buffer, out.byteOffset + HEADER_SIZE, LATENT_FIXED_SIZE);
  view.setUint8(0, quant);
  view.setUint8(1, id.length);
  view.setUint16(2, init.modelVersion, true);
  view.setFloat32(4, scale, true);
  view.setFloat32(8, offset, true);
  out.set(id, HEADER_SIZE + LATENT_FIXED_SIZE);
  out.set(init.latent, HEADER_SIZE + LATENT_FIXED_SIZE + id.length);
  return out;
}

/**
 * Decodes a NeuralLatent frame; `latent` is a view of the payload.
 * @throws ProtocolError `UNKNOWN_TYPE` (not NeuralLatent), `BAD_PAYLOAD` (short payload,
 * unknown quantisation, empty or non-UTF-8 model id, non-finite scale/offset),
 * `SIZE_MISMATCH` (latent not a whole number of elements)
 * @public
 */
export function decodeNeuralLatent(message: Message): NeuralLatent {
  expectFrame(message, FrameType.NeuralLatent);
  const { header, payload } = message;
  if (payload.length < LATENT_FIXED_SIZE) {
    fail(
      'BAD_PAYLOAD',
      `NeuralLatent payload is ${payload.length} bytes, its header alone is ${LATENT_FIXED_SIZE}`,
    );
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  const quantisation = LATENT_QUANTISATIONS[view.getUint8(0)];
  if (quantisation === undefined) fail('BAD_PAYLOAD', `unknown latent quantisation code ${view.getUint8(0)}`);
  const idLength = view.getUint8(1);
  if (idLength === 0 || LATENT_FIXED_SIZE + idLength > payload.length) {
    fail('BAD_PAYLOAD', `model id length ${idLength} does not fit a ${payload.length}-byte payload`);
  }
  let modelId: string;
  try {
    modelId = utf8Strict.decode(payload.subarray(LATENT_FIXED_SIZE, LATENT_FIXED_SIZE + idLength));
  } catch {
    fail('BAD_PAYLOAD', 'model id is not UTF-8');
  }
  const scale = view.getFloat32(4, true);
  const offset = view.getFloat32(8, true);
  if (!Number.isFinite(scale) || !Number.isFinite(offset))
    fail('BAD_PAYLOAD', 'scale and offset must be finite');
  const latent = payload.subarray(LATENT_FIXED_SIZE + idLength);
  if (latent.length % ELEMENT_SIZE[quantisation] !== 0) {
    fail('SIZE_MISMATCH', `${latent.length} latent bytes are not whole ${quantisation} values`);
  }
  return {
    modelId,
    modelVersion: view.getUint16(2, true),
    quantisation,
    scale,
    offset,
    width: header.width,
    height: header.height,
    latent,
  };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Dequantises a latent into a new Float32Array: `stored[i] * scale + offset`.
 * @throws ProtocolError `BAD_PAYLOAD` (unknown quantisation), `SIZE_MISMATCH` (latent not a
 * whole number of elements; possible only for a hand-built `NeuralLatent`)
 * @public
 */
export function latentToFloat32(latent: NeuralLatent): Float32Array {
  const b = latent.latent;
  const size = Object.hasOwn(ELEMENT_SIZE, latent.quantisation)
    ? ELEMENT_SIZE[latent.quantisation]
    : undefined;
  if (size === undefined) fail('BAD_PAYLOAD', `unknown quantisation ${String(latent.quantisation)}`);
  if (b.length % size !== 0) {
    fail('SIZE_MISMATCH', `${b.length} latent bytes are not whole ${latent.quantisation} values`);
  }
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const n = b.length / size;
  const out = new Float32Array(n);
  const { scale, offset } = latent;
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (latent.quantisation) {
      case 'float32':
        v = view.getFloat32(i * 4, true);
        break;
      case 'float16':
        v = halfToFloat(view.getUint16(i * 2, true));
        break;
      case 'int8':
        v = view.getInt8(i);
        break;
      default:
        v = b[i]!;
    }
    out[i] = v * scale + offset;
  }
  return out;
}
