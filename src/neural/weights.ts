// The shipped weights format: every tensor quantised to uint8 with its own min and step, so a
// model costs one byte per parameter. Layout (little-endian):
//   "DSNW" magic, u8 format version (1), u16 tensor count, then per tensor:
//   u8 name length, name (UTF-8), u8 rank, u16 x rank dims, f32 min, f32 step, u8 x size values
// where value = min + q * step.
import { NeuralError } from './errors';

/** One float tensor: its shape and row-major values. @public */
export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

const MAGIC = [0x44, 0x53, 0x4e, 0x57];
const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Quantises named tensors into the weights format (training scripts). @public */
export function encodeWeights(tensors: Readonly<Record<string, FloatTensor>>): Uint8Array {
  const parts: Uint8Array[] = [];
  const head = new Uint8Array(7);
  head.set(MAGIC);
  head[4] = 1;
  new DataView(head.buffer).setUint16(5, Object.keys(tensors).length, true);
  parts.push(head);
  for (const [name, t] of Object.entries(tensors)) {
    const id = utf8.encode(name);
    const meta = new Uint8Array(2 + id.length + 2 * t.shape.length + 8);
    const view = new DataView(meta.buffer);
    meta[0] = id.length;
    meta.set(id, 1);
    meta[1 + id.length] = t.shape.length;
    t.shape.forEach((d, i) => {
      view.setUint16(2 + id.length + 2 * i, d, true);
    });
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of t.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const step = hi > lo ? (hi - lo) / 255 : 1;
    const at = 2 + id.length + 2 * t.shape.length;
    view.setFloat32(at, lo, true);
    view.setFloat32(at + 4, step, true);
    const q = new Uint8Array(t.data.length);
    for (let i = 0; i < q.length; i++) q[i] = Math.round((t.data[i]! - lo) / step);
    parts.push(meta, q);
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads the weights format back into float tensors.
 * @throws NeuralError `BAD_WEIGHTS` (wrong magic or version, truncated, a min or step not finite)
 * @public
 */
export function decodeWeights(bytes: Uint8Array): Map<string, FloatTensor> {
  const bad = (why: string): never => {
    throw new NeuralError('BAD_WEIGHTS', why);
  };
  if (bytes.length < 7 || MAGIC.some((m, i) => bytes[i] !== m)) bad('not a DSNW weights blob');
  if (bytes[4] !== 1) bad(`weights format version ${bytes[4]}, this build reads 1`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const count = view.getUint16(5, true);
  const out = new Map<string, FloatTensor>();
  let o = 7;
  const need = (n: number) => {
    if (o + n > bytes.length) bad(`truncated at byte ${o}`);
  };
  for (let k = 0; k < count; k++) {
    need(1);
    const idLen = bytes[o]!;
    need(2 + idLen);
    const name = utf8d.decode(bytes.subarray(o + 1, o + 1 + idLen));
    const rank = bytes[o + 1 + idLen]!;
    o += 2 + idLen;
    need(2 * rank + 8);
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) shape.push(view.getUint16(o + 2 * i, true));
    o += 2 * rank;
    const lo = view.getFloat32(o, true);
    const step = view.getFloat32(o + 4, true);
    if (!(Number.isFinite(lo) && Number.isFinite(step))) bad(`tensor ${name} has min ${lo}, step ${step}`);
    o += 8;
    const n = size(shape);
    need(n);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = lo + bytes[o + i]! * step;
    o += n;
    out.set(name, { shape, data });
  }
  return out;
}

/** Decodes base64 (the shipped weights modules) without Buffer or atob, so it runs anywhere. @internal */
export function fromBase64(text: string): Uint8Array {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const rev = new Int16Array(128).fill(-1);
  for (let i = 0; i < abc.length; i++) rev[abc.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = rev[clean.charCodeAt(i)] ?? -1;
    if (v < 0) throw new NeuralError('BAD_WEIGHTS', `bad base64 at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out;
}
