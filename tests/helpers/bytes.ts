/**
 * Byte-vector helpers for protocol and codec tests (ws-style hex vectors).
 */

/**
 * Hex template tag: hex`10 01 00 00 ${n}` -> Uint8Array. Whitespace, newlines and `#` comments
 * to the end of a line are ignored; interpolated numbers are one byte each, interpolated
 * Uint8Arrays / number arrays are spliced in.
 */
export function hex(
  strings: TemplateStringsArray,
  ...values: Array<number | Uint8Array | number[]>
): Uint8Array {
  const out: number[] = [];
  const pushText = (text: string): void => {
    const clean = text.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
    if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean))
      throw new Error(`bad hex: ${JSON.stringify(text)}`);
    for (let i = 0; i < clean.length; i += 2) out.push(Number.parseInt(clean.slice(i, i + 2), 16));
  };
  strings.forEach((s, i) => {
    pushText(s);
    if (i < values.length) {
      const v = values[i]!;
      if (typeof v === 'number') {
        if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`byte out of range: ${v}`);
        out.push(v);
      } else {
        out.push(...v);
      }
    }
  });
  return new Uint8Array(out);
}

/** Every 2-way split of `buf`: [buf[0..i], buf[i..]] for i = 0..length (both ends included). */
export function* splitEverywhere(buf: Uint8Array): Generator<[Uint8Array, Uint8Array]> {
  for (let i = 0; i <= buf.length; i++) yield [buf.subarray(0, i), buf.subarray(i)];
}

/** Little-endian bytes of an unsigned integer of `size` bytes (for building vectors). */
export function le(value: number, size: 2 | 4): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
  return out;
}

/** A copy of `bytes` placed at `offset` inside a larger buffer (to test unaligned views). */
export function atOffset(bytes: Uint8Array, offset: number): Uint8Array {
  const backing = new Uint8Array(bytes.length + offset + 3);
  backing.set(bytes, offset);
  return backing.subarray(offset, offset + bytes.length);
}
