// Aligned copies for inputs whose byteOffset is not a multiple of 4 (Node's pooled Buffers,
// subarrays): one memcpy lets the word kernels run on every input.
let scratchA: Uint32Array = new Uint32Array(0);
let scratchB: Uint32Array = new Uint32Array(0);

function grow(buf: Uint32Array, words: number): Uint32Array {
  return buf.length >= words ? buf : new Uint32Array(Math.max(words, buf.length * 2));
}

/**
 * The words of `bytes` (whose length must be a multiple of 4) as a Uint32Array bounded by
 * `bytes` itself: the view never reaches into the rest of its backing buffer. Unaligned
 * input is copied into scratch `which` (valid until the next call with the same `which`).
 * @internal
 */
export function wordsOf(bytes: Uint8Array | Uint8ClampedArray, which: 'a' | 'b'): Uint32Array {
  const words = bytes.length / 4;
  if (!Number.isInteger(words)) throw new RangeError(`wordsOf: ${bytes.length} bytes is not whole words`);
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  let s: Uint32Array;
  if (which === 'a') s = scratchA = grow(scratchA, words);
  else s = scratchB = grow(scratchB, words);
  new Uint8Array(s.buffer, 0, bytes.length).set(bytes);
  return s.subarray(0, words);
}
