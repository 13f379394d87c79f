/**
 * Composition layers (issue 21): several sources on one channel, each owning a region and a
 * z-order of the composite a receiver draws. Each layer is a relay sub-channel `<channel>:<name>`;
 * these are the two control messages around them: LayerPlacement (0x58, source → relay, never
 * forwarded) and LayerDirectory (0x59, relay → receivers of the base channel). Byte tables in
 * docs/PROTOCOL.md ("Composition layers"). Not to be confused with quality layers (layers.ts).
 */
import { Flag, FrameType, frameTypeName, HEADER_SIZE } from './constants';
import type { ControlMeta } from './control';
import { fail } from './errors';
import { allocMessage } from './message';
import type { Message } from './types';

/** Where a composition layer sits in the composite, and how it is drawn. @public */
export interface LayerPlacement {
  /** Stacking order, -32768..32767; higher is drawn later (on top). */
  z: number;
  /** Left edge of the region in composite pixels, 0..65535. */
  x: number;
  /** Top edge of the region in composite pixels, 0..65535. */
  y: number;
  /** Region width in composite pixels, 1..65535 (the layer's picture is scaled into it). */
  width: number;
  /** Region height in composite pixels, 1..65535. */
  height: number;
  /** 0 (transparent) .. 255 (opaque); drawn with globalAlpha = opacity / 255. */
  opacity: number;
  /** True: the layer takes pointer and key input; false: clicks pass to the layer below. */
  input: boolean;
}

/** One entry of a LayerDirectory: a placed layer, by name, and whether its source is connected. @public */
export interface CompositionLayer extends LayerPlacement {
  /** The layer's name, as in `?layer=<name>` (matches {@link COMPOSITION_LAYER_NAME}). */
  name: string;
  /** Its source is connected now (false: the region is to be cleared). */
  online: boolean;
}

/** A decoded LayerDirectory. @internal */
export interface LayerDirectory {
  /** Composite width: the largest x + width over the listed layers (0 when none; at most 65535). */
  width: number;
  /** Composite height: the largest y + height over the listed layers. */
  height: number;
  /** The listed layers, sorted by z, then name. */
  layers: CompositionLayer[];
}

/** What a composition layer's name must look like (`?layer=<name>`). @public */
export const COMPOSITION_LAYER_NAME: RegExp = /^[A-Za-z0-9_-]{1,32}$/;
/** Bytes of a LayerPlacement payload. @internal */
export const LAYER_PLACEMENT_SIZE = 13;
/** Bytes of a LayerDirectory payload before its entries: width u16, height u16, count u8. @internal */
export const LAYER_DIRECTORY_HEADER_SIZE = 5;
/** Most layers one LayerDirectory lists (its count is a byte). @internal */
export const MAX_DIRECTORY_LAYERS = 255;
/** LayerPlacement / LayerDirectory flags bit 0: the layer takes input. @internal */
export const LAYER_FLAG_INPUT = 0x01;
/** LayerDirectory flags bit 1: the layer's source is connected. @internal */
export const LAYER_FLAG_ONLINE = 0x02;

// Bytes of a placement after the name in a directory entry: z, x, y, width, height, opacity, flags.
const ENTRY_BODY = 12;

function checkPlacement(p: LayerPlacement, what: string): void {
  const int = (v: number, lo: number, hi: number, field: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      fail('BAD_PAYLOAD', `${what} ${field} ${v} not in ${lo}..${hi}`);
  };
  int(p.z, -0x8000, 0x7fff, 'z');
  int(p.x, 0, 0xffff, 'x');
  int(p.y, 0, 0xffff, 'y');
  int(p.width, 1, 0xffff, 'width');
  int(p.height, 1, 0xffff, 'height');
  int(p.opacity, 0, 255, 'opacity');
}

/** Writes z, x, y, width, height (the first 10 bytes of a placement) at `at`. */
function writeRegion(out: Uint8Array, at: number, p: LayerPlacement): void {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setInt16(at, p.z, true);
  v.setUint16(at + 2, p.x, true);
  v.setUint16(at + 4, p.y, true);
  v.setUint16(at + 6, p.width, true);
  v.setUint16(at + 8, p.height, true);
}

/** Reads z, x, y, width, height, opacity at `at` (12-byte-safe: the caller checked the length). */
function readRegion(b: Uint8Array, at: number, input: boolean, what: string): LayerPlacement {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const p: LayerPlacement = {
    z: v.getInt16(at, true),
    x: v.getUint16(at + 2, true),
    y: v.getUint16(at + 4, true),
    width: v.getUint16(at + 6, true),
    height: v.getUint16(at + 8, true),
    opacity: b[at + 10]!,
    input,
  };
  if (p.width === 0 || p.height === 0) fail('BAD_PAYLOAD', `${what} region of ${p.width}x${p.height}`);
  return p;
}

/**
 * Encodes a LayerPlacement (0x58, source of a composition layer → relay, never forwarded): sent on
 * every (re)connect and whenever the app moves the layer.
 * @throws ProtocolError `BAD_PAYLOAD` for a field outside its range (see {@link LayerPlacement})
 * @internal
 */
export function encodeLayerPlacement(placement: LayerPlacement, meta: ControlMeta): Uint8Array {
  checkPlacement(placement, 'LayerPlacement');
  const out = allocMessage(
    {
      type: FrameType.LayerPlacement,
      flags: 0,
      seq: meta.seq,
      timestamp: meta.timestamp,
      width: 0,
      height: 0,
    },
    LAYER_PLACEMENT_SIZE,
  );
  writeRegion(out, HEADER_SIZE, placement);
  out[HEADER_SIZE + 10] = placement.opacity;
  out[HEADER_SIZE + 11] = placement.input ? LAYER_FLAG_INPUT : 0;
  return out;
}

/**
 * Decodes a LayerPlacement.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a LayerPlacement, or FLAG_INPUT set), `SIZE_MISMATCH`
 * (payload is not 13 bytes), `BAD_PAYLOAD` (an empty region, flag bits other than bit 0, reserved byte not 0)
 * @internal
 */
export function decodeLayerPlacement(message: Message): LayerPlacement {
  const { header, payload } = message;
  if (header.type !== FrameType.LayerPlacement || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected LayerPlacement, got ${frameTypeName(header.type)}`);
  }
  if (payload.length !== LAYER_PLACEMENT_SIZE) {
    fail(
      'SIZE_MISMATCH',
      `LayerPlacement payload is ${payload.length} bytes, expected ${LAYER_PLACEMENT_SIZE}`,
    );
  }
  const flags = payload[11]!;
  if ((flags & ~LAYER_FLAG_INPUT) !== 0) fail('BAD_PAYLOAD', `LayerPlacement flags 0x${flags.toString(16)}`);
  if (payload[12] !== 0) fail('BAD_PAYLOAD', `LayerPlacement reserved byte ${payload[12]}`);
  return readRegion(payload, 0, (flags & LAYER_FLAG_INPUT) !== 0, 'LayerPlacement');
}

/** The directory's order: z, then name (byte order; names are ASCII). */
function compareLayers(a: CompositionLayer, b: CompositionLayer): number {
  return a.z - b.z || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** Composite size of a set of layers: the largest right and bottom edge, clamped to 65535. @internal */
export function compositeSize(layers: readonly LayerPlacement[]): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const l of layers) {
    width = Math.max(width, l.x + l.width);
    height = Math.max(height, l.y + l.height);
  }
  return { width: Math.min(width, 0xffff), height: Math.min(height, 0xffff) };
}

/**
 * Encodes a LayerDirectory (0x59, relay → receivers of the base channel): every placed layer,
 * sorted by z then name, and the composite size they span. Sent on join and on every change.
 * @throws ProtocolError `BAD_PAYLOAD` for over 255 layers, a bad or repeated name, or a field out of range
 * @internal
 */
export function encodeLayerDirectory(layers: readonly CompositionLayer[], meta: ControlMeta): Uint8Array {
  if (layers.length > MAX_DIRECTORY_LAYERS) fail('BAD_PAYLOAD', `${layers.length} layers, at most 255`);
  const sorted = [...layers].sort(compareLayers);
  let size = LAYER_DIRECTORY_HEADER_SIZE;
  for (const l of sorted) {
    if (!COMPOSITION_LAYER_NAME.test(l.name)) fail('BAD_PAYLOAD', `layer name ${JSON.stringify(l.name)}`);
    checkPlacement(l, `layer ${l.name}`);
    size += 1 + l.name.length + ENTRY_BODY;
  }
  const names = new Set(sorted.map((l) => l.name));
  if (names.size !== sorted.length) fail('BAD_PAYLOAD', 'a layer is listed twice');
  const out = allocMessage(
    {
      type: FrameType.LayerDirectory,
      flags: 0,
      seq: meta.seq,
      timestamp: meta.timestamp,
      width: 0,
      height: 0,
    },
    size,
  );
  const { width, height } = compositeSize(sorted);
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  v.setUint16(HEADER_SIZE, width, true);
  v.setUint16(HEADER_SIZE + 2, height, true);
  out[HEADER_SIZE + 4] = sorted.length;
  let at = HEADER_SIZE + LAYER_DIRECTORY_HEADER_SIZE;
  for (const l of sorted) {
    out[at] = l.name.length;
    for (let i = 0; i < l.name.length; i++) out[at + 1 + i] = l.name.charCodeAt(i);
    at += 1 + l.name.length;
    writeRegion(out, at, l);
    out[at + 10] = l.opacity;
    out[at + 11] = (l.input ? LAYER_FLAG_INPUT : 0) | (l.online ? LAYER_FLAG_ONLINE : 0);
    at += ENTRY_BODY;
  }
  return out;
}

/**
 * Decodes a LayerDirectory.
 * @throws ProtocolError `UNKNOWN_TYPE` (not a LayerDirectory, or FLAG_INPUT set), `SIZE_MISMATCH`
 * (entries shorter or longer than the payload), `BAD_PAYLOAD` (a bad or repeated name, entries out
 * of order, an empty region, unknown flag bits, a composite size that is not the layers' extent)
 * @internal
 */
export function decodeLayerDirectory(message: Message): LayerDirectory {
  const { header, payload } = message;
  if (header.type !== FrameType.LayerDirectory || (header.flags & Flag.Input) !== 0) {
    fail('UNKNOWN_TYPE', `expected LayerDirectory, got ${frameTypeName(header.type)}`);
  }
  if (payload.length < LAYER_DIRECTORY_HEADER_SIZE) {
    fail('SIZE_MISMATCH', `LayerDirectory payload is ${payload.length} bytes, header needs 5`);
  }
  const width = payload[0]! | (payload[1]! << 8);
  const height = payload[2]! | (payload[3]! << 8);
  const count = payload[4]!;
  const layers: CompositionLayer[] = [];
  const seen = new Set<string>();
  let at = LAYER_DIRECTORY_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    if (at >= payload.length) fail('SIZE_MISMATCH', `LayerDirectory ends before entry ${i} of ${count}`);
    const len = payload[at]!;
    if (at + 1 + len + ENTRY_BODY > payload.length) {
      fail('SIZE_MISMATCH', `LayerDirectory entry ${i} runs past the payload`);
    }
    const name = String.fromCharCode(...payload.subarray(at + 1, at + 1 + len));
    if (!COMPOSITION_LAYER_NAME.test(name)) fail('BAD_PAYLOAD', `layer name ${JSON.stringify(name)}`);
    at += 1 + len;
    const flags = payload[at + 11]!;
    if ((flags & ~(LAYER_FLAG_INPUT | LAYER_FLAG_ONLINE)) !== 0) {
      fail('BAD_PAYLOAD', `layer ${name} flags 0x${flags.toString(16)}`);
    }
    const place = readRegion(payload, at, (flags & LAYER_FLAG_INPUT) !== 0, `layer ${name}`);
    const layer: CompositionLayer = { name, ...place, online: (flags & LAYER_FLAG_ONLINE) !== 0 };
    const prev = layers[layers.length - 1];
    if ((prev !== undefined && compareLayers(prev, layer) >= 0) || seen.has(name)) {
      fail('BAD_PAYLOAD', `layer ${name} out of order or listed twice`);
    }
    seen.add(name);
    layers.push(layer);
    at += ENTRY_BODY;
  }
  if (at !== payload.length)
    fail('SIZE_MISMATCH', `LayerDirectory has ${payload.length - at} bytes after its entries`);
  const size = compositeSize(layers);
  if (size.width !== width || size.height !== height) {
    fail('BAD_PAYLOAD', `composite ${width}x${height}, layers span ${size.width}x${size.height}`);
  }
  return { width, height, layers };
}
