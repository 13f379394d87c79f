/**
 * Harness for the hostile-decoder fuzz: mutations of a valid message, each decoded twice —
 * once as a view inside a larger buffer filled with a sentinel byte (as `ws` and
 * `MessageReader` hand messages out), once from an exact-size copy — and the two outcomes
 * compared. A decoder that reads past its view shows up as a different picture, a view that
 * leaves the message's bytes, or a RangeError.
 */
import { ProtocolError } from '../../src/protocol/index';

/** Fill byte of the buffer around each message. */
export const SENTINEL = 0xa5;

/** u32 values an attacker puts in a length field: wrap-arounds, sign bits, off-by-ones. */
export const EDGE_U32 = [
  0, 1, 3, 4, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffff0, 0xfffffffc, 0xfffffffd, 0xfffffffe, 0xffffffff,
] as const;

/** What a decoder did with one input: a ProtocolError code, or a value. */
export type Outcome = { error: ProtocolError } | { value: unknown };

/** A decoder under test: `run` decodes whole message bytes (header included). */
export interface HostileSpec {
  name: string;
  valid: Uint8Array;
  run(bytes: Uint8Array): unknown;
  /** The expected outcome for exactly these bytes; by default `run` on an exact-size copy. */
  reference?(bytes: Uint8Array): Outcome;
}

/** Runs `fn`; a ProtocolError becomes an outcome, any other throw propagates (a bug). */
export function outcome(fn: () => unknown): Outcome {
  try {
    return { value: fn() };
  } catch (e) {
    if (e instanceof ProtocolError) return { error: e };
    throw e;
  }
}

/** Places `bytes` at `pre` in a sentinel-filled buffer with `post` bytes after it. */
export function hosted(bytes: Uint8Array, pre: number, post: number): Uint8Array {
  const buf = new Uint8Array(pre + bytes.length + post).fill(SENTINEL);
  buf.set(bytes, pre);
  return buf.subarray(pre, pre + bytes.length);
}

/** An exact-size copy: nothing lies beyond it, so it cannot leak a neighbour's bytes. */
export function exact(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

/** Every view in `v` that shares `host`'s buffer lies within `host`, or the path of one that does not. */
function viewOutside(v: unknown, host: Uint8Array, path: string, seen: Set<unknown>): string | null {
  if (typeof v !== 'object' || v === null || seen.has(v)) return null;
  seen.add(v);
  if (ArrayBuffer.isView(v)) {
    if (v.buffer !== host.buffer) return null;
    const inside =
      v.byteOffset >= host.byteOffset && v.byteOffset + v.byteLength <= host.byteOffset + host.byteLength;
    return inside ? null : path;
  }
  for (const [k, child] of Object.entries(v)) {
    const bad = viewOutside(child, host, `${path}.${k}`, seen);
    if (bad !== null) return bad;
  }
  return null;
}

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** Deep equality where typed arrays compare by bytes (so NaN samples compare equal to themselves). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return false;
    if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    const x = bytesOf(a);
    const y = bytesOf(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * Checks one mutated message: decoded in place (at alignment `pre`) it must give a
 * ProtocolError where the reference does, or exactly the reference value, with every output
 * view inside the message. Throws an Error naming the bytes when it does not.
 */
export function checkCase(spec: HostileSpec, bytes: Uint8Array, pre: number): void {
  const host = hosted(bytes, pre, bytes.length + 64);
  let expected: Outcome;
  try {
    expected = spec.reference ? spec.reference(exact(bytes)) : outcome(() => spec.run(exact(bytes)));
  } catch (e) {
    throw new Error(
      `${spec.name}: threw ${String(e)} (not a ProtocolError) on an exact copy of ${hexOf(bytes)}`,
    );
  }
  let got: Outcome;
  try {
    got = outcome(() => spec.run(host));
  } catch (e) {
    throw new Error(`${spec.name}: threw ${String(e)} (not a ProtocolError) on ${hexOf(bytes)} at +${pre}`);
  }
  if ('error' in expected || 'error' in got) {
    if ('error' in expected && 'error' in got) {
      if (spec.reference || got.error.code === expected.error.code) return;
    }
    const show = (o: Outcome) => ('error' in o ? o.error.code : 'a value');
    throw new Error(
      `${spec.name}: got ${show(got)}, reference ${show(expected)} on ${hexOf(bytes)} at +${pre}`,
    );
  }
  const outside = viewOutside(got.value, host, 'result', new Set());
  if (outside !== null)
    throw new Error(`${spec.name}: ${outside} reaches outside the message on ${hexOf(bytes)}`);
  if (!sameValue(got.value, expected.value)) {
    throw new Error(
      `${spec.name}: decoded in place differs from the reference on ${hexOf(bytes)} at +${pre}`,
    );
  }
}

function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Every systematic mutation of `valid`: each bit flipped, each byte set to 00/7F/80/FF, each
 * 4-byte window set to every edge u32 (so every length field, wherever it lies), each
 * truncation, and extensions by 1..8 zero or sentinel bytes.
 */
export function* mutations(valid: Uint8Array): Generator<Uint8Array> {
  const n = valid.length;
  for (let i = 0; i < n; i++) {
    for (let bit = 0; bit < 8; bit++) {
      const m = valid.slice();
      m[i]! ^= 1 << bit;
      yield m;
    }
    for (const v of [0x00, 0x7f, 0x80, 0xff]) {
      if (valid[i] === v) continue;
      const m = valid.slice();
      m[i] = v;
      yield m;
    }
  }
  for (let o = 0; o + 4 <= n; o++) {
    for (const v of EDGE_U32) {
      const m = valid.slice();
      setU32(m, o, v);
      yield m;
    }
  }
  for (let len = 0; len < n; len++) yield valid.slice(0, len);
  for (let k = 1; k <= 8; k++) {
    for (const fill of [0x00, SENTINEL]) {
      const m = new Uint8Array(n + k).fill(fill);
      m.set(valid);
      yield m;
    }
  }
}

export { setU32 };
