// Typed arrays compared as bytes. Vitest's `toEqual` walks a typed array element by element
// through its generic deep equality: a 960 KB frame took 10 s on a busy 2-core machine, enough to
// time a test out. Integer arrays of one type are equal exactly when their bytes are, so they are
// compared with one memcmp; float arrays only short-cut when their bytes match (NaN and -0 keep
// the default rules). Anything else falls through to the default comparison, as does the diff
// printed when a comparison fails.
import { expect } from 'vitest';

const INTEGER_ARRAYS: readonly (abstract new (...args: never[]) => ArrayBufferView)[] = [
  Uint8Array,
  Uint8ClampedArray,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  BigUint64Array,
  BigInt64Array,
];

const bytesOf = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

function typedArraysEqual(a: unknown, b: unknown): boolean | undefined {
  if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a instanceof DataView || b instanceof DataView) {
    return undefined;
  }
  if (a.constructor !== b.constructor) return undefined;
  if (bytesOf(a).equals(bytesOf(b))) return true;
  return INTEGER_ARRAYS.some((T) => a instanceof T) ? false : undefined;
}

expect.addEqualityTesters([typedArraysEqual]);
