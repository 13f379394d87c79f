// The typed-array equality tester (tests/setup/byte-equality.ts) keeps toEqual's verdicts.
import { expect, it } from 'vitest';

it('equal typed arrays are equal, and one differing element or length is not', () => {
  const a = new Uint8Array(960_016).map((_, i) => i * 7);
  expect(a.slice()).toEqual(a);
  const b = a.slice();
  b[123_456] = (b[123_456]! + 1) & 0xff;
  expect(b).not.toEqual(a);
  expect(a.subarray(1)).not.toEqual(a.subarray(0, a.length - 1));
  expect(new Uint16Array([1, 2, 3])).toEqual(new Uint16Array([1, 2, 3]));
  expect(new Int32Array([1, -2])).not.toEqual(new Int32Array([1, 2]));
});

it('views at an offset compare by their own bytes', () => {
  const buf = new Uint8Array([9, 1, 2, 3, 9]);
  expect(buf.subarray(1, 4)).toEqual(new Uint8Array([1, 2, 3]));
});

it('different array types and float rules are left to the default comparison', () => {
  expect(new Uint8Array([1, 2])).not.toEqual(new Uint8ClampedArray([1, 2]));
  expect(new Float32Array([Number.NaN])).toEqual(new Float32Array([Number.NaN]));
  expect(new Float64Array([0.5, 1])).toEqual(new Float64Array([0.5, 1]));
  expect(new Float64Array([0.5, 1])).not.toEqual(new Float64Array([0.5, 2]));
});
