/**
 * An independent, byte-at-a-time DeltaPixels decoder written from docs/PROTOCOL.md, used as
 * the oracle for the word kernel: whatever the kernel accepts must decode to exactly this.
 */
export function referenceApplyDelta(
  payload: Uint8Array,
  previous: Uint8Array,
  words: number,
): Uint8Array | null {
  if (payload.length < 12 || payload[0] !== 1) return null;
  const u32 = (o: number): number =>
    payload[o]! + payload[o + 1]! * 256 + payload[o + 2]! * 65536 + payload[o + 3]! * 16777216;
  const opsLength = u32(4);
  const litWords = u32(8);
  const litOffset = Math.ceil((12 + opsLength) / 4) * 4;
  if (litOffset + 4 * litWords !== payload.length) return null;
  const out = previous.slice();
  let i = 12;
  const end = 12 + opsLength;
  let pos = 0;
  let lit = 0;
  let value: number[] | null = null;
  const take = (): number[] | null => {
    if (lit >= litWords) return null;
    const o = litOffset + 4 * lit++;
    return [payload[o]!, payload[o + 1]!, payload[o + 2]!, payload[o + 3]!];
  };
  const xorWord = (w: number[]): void => {
    for (let b = 0; b < 4; b++) out[4 * pos + b]! ^= w[b]!;
    pos++;
  };
  while (i < end) {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= end || shift > 28) return null;
      const b = payload[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    if (v > 0xffffffff) return null;
    const kind = v % 4;
    const n = Math.floor(v / 4);
    if (n === 0 || pos + n > words) return null;
    if (kind === 0) {
      pos += n;
    } else if (kind === 1) {
      for (let k = 0; k < n; k++) {
        value = take();
        if (value === null) return null;
        xorWord(value);
      }
    } else {
      if (kind === 2) value = take();
      if (value === null) return null;
      for (let k = 0; k < n; k++) xorWord(value);
    }
  }
  if (lit !== litWords) return null;
  return out;
}
