/**
 * Quality layers (simulcast): a source in adaptive mode produces up to three encodings of the same
 * scene at once, and the relay hands each receiver the one its own link holds. A frame names its
 * layer in two header flag bits; LayerOffer (0x52) and LayerReport (0x53) are the control
 * messages around them. Byte tables in docs/PROTOCOL.md ("Quality layers").
 */
import { Flag, FrameType, frameTypeName, HEADER_SIZE, InputType } from './constants';
import type { ControlMeta } from './control';
import { fail } from './errors';
import { allocMessage } from './message';
import type { Message } from './types';

/**
 * Layer codes carried in header flag bits 3–4 (`(flags >> 3) & 3`). `0` is "no layer": a frame
 * every receiver gets (a fixed-mode stream, audio, haptics, End), exactly as before layers.
 * @public
 */
export const QualityLayer = {
  /** Not layered: for every receiver. */
  None: 0,
  /** Lossless picture: Pixels (raw or deflated keyframes) and DeltaPixels. */
  Lossless: 1,
  /** Lossy picture: CompressedPixels (WebP) at a quality and fps of its own. */
  Lossy: 2,
  /** The app's signal state: SignalSync and SignalDiff, rendered by the receiver. */
  Signal: 3,
} as const;

/** A layer code, 0..3. @public */
export type QualityLayer = (typeof QualityLayer)[keyof typeof QualityLayer];

/** A real layer (not {@link QualityLayer.None}), best picture first. @public */
export type LayerId = 1 | 2 | 3;

/** Every real layer, best picture first. @public */
export const LAYERS: readonly LayerId[] = [1, 2, 3];

/** Names of the layers for logs, metrics and the UI. @public */
export const LAYER_NAMES: readonly ['none', 'lossless', 'lossy', 'signal'] = [
  'none',
  'lossless',
  'lossy',
  'signal',
];

/** Mask of the layer field in the header's flags byte (bits 3–4). @internal */
export const LAYER_FLAG_MASK = 0x18;
const LAYER_SHIFT = 3;

/** The layer a message's flags name (0 when unlayered). @public */
export function frameLayer(flags: number): QualityLayer {
  return ((flags & LAYER_FLAG_MASK) >>> LAYER_SHIFT) as QualityLayer;
}

/** `flags` with its layer field set to `layer` (other bits kept). @public */
export function withLayer(flags: number, layer: QualityLayer): number {
  return (flags & ~LAYER_FLAG_MASK) | ((layer << LAYER_SHIFT) & LAYER_FLAG_MASK);
}

/**
 * Why a frame's layer field does not fit its type, or null when it does: a layer-tagged frame
 * must be a frame of that layer (Pixels/DeltaPixels on lossless, CompressedPixels on lossy,
 * SignalSync/SignalDiff on signal); any other frame type must be unlayered.
 * @internal
 */
export function layerFlagsError(type: number, flags: number): string | null {
  const layer = frameLayer(flags);
  if (layer === QualityLayer.None) return null;
  const ok =
    layer === QualityLayer.Lossless
      ? type === FrameType.Pixels || type === FrameType.DeltaPixels
      : layer === QualityLayer.Lossy
        ? type === FrameType.CompressedPixels
        : type === FrameType.SignalSync || type === FrameType.SignalDiff;
  return ok ? null : `${frameTypeName(type)} cannot be on the ${LAYER_NAMES[layer]} layer`;
}

/** Bit of `layer` in a LayerOffer mask (bit n for layer n; bit 0 is reserved). @internal */
export function layerBit(layer: LayerId): number {
  return 1 << layer;
}

/** Bits a LayerOffer mask may carry. @internal */
export const LAYER_OFFER_BITS = 0x0e;

/**
 * Encodes a LayerOffer (0x52, source → relay only, never forwarded): the layers this source can
 * produce now, as a mask of {@link layerBit}s. A mask of 0 says the source is not layered (a
 * fixed mode): the relay then routes every frame to every receiver, as before layers.
 * @throws ProtocolError `BAD_PAYLOAD` for bits outside {@link LAYER_OFFER_BITS}
 * @internal
 */
export function encodeLayerOffer(mask: number, meta: ControlMeta): Uint8Array {
  if (!Number.isInteger(mask) || (mask & ~LAYER_OFFER_BITS) !== 0) {
    fail('BAD_PAYLOAD', `LayerOffer mask 0x${mask.toString(16)} has bits outside 0x0e`);
  }
  const out = allocMessage(
    { type: FrameType.LayerOffer, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    1,
  );
  out[HEADER_SIZE] = mask;
  return out;
}

/**
 * Decodes a LayerOffer into its mask.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a LayerOffer, or FLAG_INPUT set), `SIZE_MISMATCH`
 * (payload is not 1 byte), `BAD_PAYLOAD` (reserved bits set)
 * @internal
 */
export function decodeLayerOffer(message: Message): number {
  const { header, payload } = message;
  if (header.type !== FrameType.LayerOffer || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected LayerOffer, got ${frameTypeName(header.type)}`);
  }
  if (payload.length !== 1)
    fail('SIZE_MISMATCH', `LayerOffer payload is ${payload.length} bytes, expected 1`);
  const mask = payload[0]!;
  if ((mask & ~LAYER_OFFER_BITS) !== 0) {
    fail('BAD_PAYLOAD', `LayerOffer mask 0x${mask.toString(16)} has bits outside 0x0e`);
  }
  return mask;
}

/** The layers named by a LayerOffer mask, best first. @internal */
export function offeredLayers(mask: number): LayerId[] {
  return LAYERS.filter((l) => (mask & layerBit(l)) !== 0);
}

/**
 * Why the relay put a receiver on its layer (LayerReport reason byte). @internal
 */
export const LayerReason = {
  /** Joined: started on the best layer whose current picture fits its budget. */
  join: 0,
  /** Moved down: its send buffer grew past what its link drains. */
  congested: 1,
  /** Moved down: its ACKs show frames piling up (lag or decode queue). */
  lagging: 2,
  /** Moved up: its link held the layer below for long enough with room to spare. */
  recovered: 3,
  /** Moved because the source's offer changed (its layer went away or a better one came). */
  offer: 4,
} as const;

/** A reason name. @public */
export type LayerReasonName = keyof typeof LayerReason;

const REASON_BY_CODE = /* @__PURE__ */ Object.keys(LayerReason) as LayerReasonName[];

/** One receiver's entry in a LayerReport. @internal */
export interface LayerAssignment {
  /** Relay id of the receiver (1..65535), as stamped into `width` of its input. */
  id: number;
  /** The layer it is on (0 while the channel is not layered or nothing was sent yet). */
  layer: QualityLayer;
  /** Why it is there. */
  reason: LayerReasonName;
}

/** Bytes of a LayerReport payload before its entries (count u16 LE). @internal */
export const LAYER_REPORT_HEADER_SIZE = 2;
/** Bytes of one LayerReport entry: id u16 LE, layer u8, reason u8. @internal */
export const LAYER_REPORT_ENTRY_SIZE = 4;

/**
 * Encodes a LayerReport (0x53, relay → source: every receiver of the channel; relay → receiver:
 * one entry, its own). Sent when an assignment changes.
 * @throws ProtocolError `BAD_PAYLOAD` for an id outside 1..65535, a layer outside 0..3, or over 65535 entries
 * @internal
 */
export function encodeLayerReport(entries: readonly LayerAssignment[], meta: ControlMeta): Uint8Array {
  if (entries.length > 0xffff) fail('BAD_PAYLOAD', `${entries.length} entries, at most 65535`);
  const out = allocMessage(
    { type: FrameType.LayerReport, flags: 0, seq: meta.seq, timestamp: meta.timestamp, width: 0, height: 0 },
    LAYER_REPORT_HEADER_SIZE + LAYER_REPORT_ENTRY_SIZE * entries.length,
  );
  let at = HEADER_SIZE;
  out[at] = entries.length & 0xff;
  out[at + 1] = entries.length >>> 8;
  at += LAYER_REPORT_HEADER_SIZE;
  for (const e of entries) {
    if (!Number.isInteger(e.id) || e.id < 1 || e.id > 0xffff) fail('BAD_PAYLOAD', `receiver id ${e.id}`);
    if (!Number.isInteger(e.layer) || e.layer < 0 || e.layer > 3) fail('BAD_PAYLOAD', `layer ${e.layer}`);
    const reason = LayerReason[e.reason];
    if (reason === undefined) fail('BAD_PAYLOAD', `reason ${String(e.reason)}`);
    out[at] = e.id & 0xff;
    out[at + 1] = e.id >>> 8;
    out[at + 2] = e.layer;
    out[at + 3] = reason;
    at += LAYER_REPORT_ENTRY_SIZE;
  }
  return out;
}

/**
 * Decodes a LayerReport.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a LayerReport, or FLAG_INPUT set), `SIZE_MISMATCH`
 * (payload is not 2 + 4 × count bytes), `BAD_PAYLOAD` (id 0, layer > 3, unknown reason)
 * @internal
 */
export function decodeLayerReport(message: Message): LayerAssignment[] {
  const { header, payload } = message;
  if (header.type !== FrameType.LayerReport || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected LayerReport, got ${frameTypeName(header.type)}`);
  }
  if (payload.length < LAYER_REPORT_HEADER_SIZE) {
    fail('SIZE_MISMATCH', `LayerReport payload is ${payload.length} bytes, header needs 2`);
  }
  const count = payload[0]! | (payload[1]! << 8);
  const expected = LAYER_REPORT_HEADER_SIZE + LAYER_REPORT_ENTRY_SIZE * count;
  if (payload.length !== expected) {
    fail('SIZE_MISMATCH', `LayerReport of ${count} entries is ${payload.length} bytes, expected ${expected}`);
  }
  const out: LayerAssignment[] = [];
  for (let i = 0, at = LAYER_REPORT_HEADER_SIZE; i < count; i++, at += LAYER_REPORT_ENTRY_SIZE) {
    const id = payload[at]! | (payload[at + 1]! << 8);
    const layer = payload[at + 2]!;
    const reason = REASON_BY_CODE[payload[at + 3]!];
    if (id === 0) fail('BAD_PAYLOAD', 'receiver id 0 in a LayerReport');
    if (layer > 3) fail('BAD_PAYLOAD', `layer ${layer} in a LayerReport`);
    if (reason === undefined) fail('BAD_PAYLOAD', `unknown LayerReport reason ${payload[at + 3]}`);
    out.push({ id, layer: layer as QualityLayer, reason });
  }
  return out;
}

/**
 * Encodes a KeyframeRequest for one layer (input 0x70 with the layer in its flags): the relay
 * asks for the keyframe a receiver switching to `layer` needs. Layer 0 (the plain
 * `encodeKeyframeRequest`) asks for a keyframe on every layer the source produces.
 * @public
 */
export function encodeLayerKeyframeRequest(layer: QualityLayer, meta: ControlMeta): Uint8Array {
  return allocMessage(
    {
      type: InputType.KeyframeRequest,
      flags: withLayer(Flag.Input, layer),
      seq: meta.seq,
      timestamp: meta.timestamp,
      width: 0,
      height: 0,
    },
    0,
  );
}
