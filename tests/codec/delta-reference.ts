/**
 * An independent, byte-at-a-time DeltaPixels decoder written from docs/PROTOCOL.md, used as
 * the oracle for the word kernel: whatever the kernel accepts must decode to exactly this.
 */
export function referenceApplyDelta(
  payload: Uint8Array,
  previous: Uint8Array,
  words: number,
  width = words,
): Uint8Array | null {
  if (payload[0] === 2) return referenceApplyCoded(payload, previous, words, width);
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

/** Reads the LEB128 op varints of `bytes`; null on a varint over 5 bytes, 32 bits, or cut short. */
function readVarints(bytes: Uint8Array): number[] | null {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (i >= bytes.length || shift > 28) return null;
      const b = bytes[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) break;
    }
    if (v > 0xffffffff) return null;
    out.push(v);
  }
  return out;
}

/** Expands the format-2 literal codes into per-pixel residual byte quadruples; null if malformed. */
function referenceResiduals(codes: Uint8Array): number[][] | null {
  const out: number[][] = [];
  let i = 0;
  const s8 = (v: number) => ((v & 0xff) + 256) % 256;
  while (i < codes.length) {
    const b = codes[i++]!;
    if (b < 0x40) out.push([(b >> 4) - 2, ((b >> 2) & 3) - 2, (b & 3) - 2, 0].map(s8));
    else if (b < 0x80) {
      if (i >= codes.length) return null;
      const b2 = codes[i++]!;
      const dg = (b & 63) - 32;
      out.push([dg + (b2 >> 4) - 8, dg, dg + (b2 & 15) - 8, 0].map(s8));
    } else if (b < 0xc0) for (let k = 0; k <= (b & 63); k++) out.push([0, 0, 0, 0]);
    else if (b === 0xfe || b === 0xff) {
      const n = b === 0xfe ? 3 : 4;
      if (i + n > codes.length) return null;
      out.push([...codes.subarray(i, i + n), ...(n === 3 ? [0] : [])]);
      i += n;
    } else return null;
  }
  return out;
}

/** Format 2 (docs/PROTOCOL.md): ops, fill words, MED-predicted literal pixels; null if invalid. */
function referenceApplyCoded(
  payload: Uint8Array,
  previous: Uint8Array,
  words: number,
  width: number,
): Uint8Array | null {
  if (payload.length < 16) return null;
  const u32 = (o: number): number =>
    payload[o]! + payload[o + 1]! * 256 + payload[o + 2]! * 65536 + payload[o + 3]! * 16777216;
  const opsLength = u32(4);
  const fillWords = u32(8);
  const codedLength = u32(12);
  const fillOffset = Math.ceil((16 + opsLength) / 4) * 4;
  const codedOffset = fillOffset + 4 * fillWords;
  if (16 + opsLength > payload.length || codedOffset + codedLength !== payload.length) return null;
  const ops = readVarints(payload.subarray(16, 16 + opsLength));
  const res = referenceResiduals(payload.subarray(codedOffset));
  if (ops === null || res === null) return null;
  const out = previous.slice();
  let pos = 0;
  let fill = 0;
  let lit = 0;
  let value: number[] | null = null;
  const byteAt = (p: number, j: number) => out[4 * p + j]!;
  for (const v of ops) {
    const kind = v % 4;
    const n = Math.floor(v / 4);
    if (n === 0 || pos + n > words) return null;
    for (let k = 0; k < n; k++, pos++) {
      if (kind === 0) continue;
      if (kind === 1) {
        const r = res[lit++];
        if (r === undefined) return null;
        const x = pos % width;
        const y = Math.floor(pos / width);
        value = [];
        for (let j = 0; j < 4; j++) {
          let pred: number;
          if (x === 0) pred = y === 0 ? 0 : byteAt(pos - width, j);
          else if (y === 0) pred = byteAt(pos - 1, j);
          else {
            const a = byteAt(pos - 1, j);
            const b = byteAt(pos - width, j);
            const c = byteAt(pos - width - 1, j);
            pred = c >= Math.max(a, b) ? Math.min(a, b) : c <= Math.min(a, b) ? Math.max(a, b) : a + b - c;
          }
          const now = (pred + r[j]!) % 256;
          value.push(byteAt(pos, j) ^ now);
          out[4 * pos + j] = now;
        }
        continue;
      }
      if (kind === 2 && k === 0) {
        if (fill >= fillWords) return null;
        const o = fillOffset + 4 * fill++;
        value = [...payload.subarray(o, o + 4)];
      }
      if (value === null) return null;
      for (let j = 0; j < 4; j++) out[4 * pos + j]! ^= value[j]!;
    }
  }
  if (lit !== res.length || fill !== fillWords) return null;
  return out;
}
