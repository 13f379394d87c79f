import { beforeAll, describe, expect, it } from 'vitest';
import { gradientFrame } from '../../bench/fixtures/gradient-scene';
import { loadWasmDeltaKernel, setDeltaKernel } from '../../src/codec/delta-kernels';
import { applyDelta, encodeDelta } from '../../src/codec/index';
import { decodeMessage, FrameType, HEADER_SIZE, type Message, writeHeader } from '../../src/protocol/index';
import { hex, le } from '../helpers/bytes';
import { referenceApplyDelta } from './delta-reference';
import { expectProtocolError } from './expect-error';

// The WASM kernel loads lazily (its own chunk): tests that pick it wait for it once.
beforeAll(async () => {
  await loadWasmDeltaKernel();
});

const meta = { seq: 1, timestamp: 2 };

/** The docs/PROTOCOL.md format-2 example: 8x1, a ramp, a repeated pixel, one LUMA step. */
const examplePrev = new Uint8Array(32);
const exampleCur = hex`00000000 0b151fff 0c1620ff 0d1721ff 0e1822ff 0e1822ff 0e1822ff 0e1d22ff`;
const examplePayload = hex`02 000000 04000000 01000000 09000000  # format 2, 4 op bytes, 1 fill word, 9 coded bytes
  04 0d 0e 05                 # skip 1, literal 3, fill 3, literal 1
  0e1822ff                    # fill value for pixels 4-6
  ff 0b151fff                 # pixel 1: RGBA residual (predicted 0: its left neighbour)
  3f 3f                       # pixels 2, 3: DIFF +1 +1 +1
  65 33                       # pixel 7: LUMA dg +5, dr-dg -5, db-dg -5`;

function deltaMessage(payload: Uint8Array, w: number, h: number): Message {
  const bytes = new Uint8Array(HEADER_SIZE + payload.length);
  writeHeader(bytes, {
    type: FrameType.DeltaPixels,
    flags: 0,
    seq: 0,
    timestamp: 0,
    width: w,
    height: h,
    payloadLength: payload.length,
  });
  bytes.set(payload, HEADER_SIZE);
  return decodeMessage(bytes);
}

describe.each(['js', 'wasm'] as const)('DeltaPixels format 2, %s kernel', (kernel) => {
  it('writes the documented byte layout (docs/PROTOCOL.md example)', () => {
    setDeltaKernel(kernel);
    const m = decodeMessage(encodeDelta(exampleCur, examplePrev, 8, 1, meta));
    expect(m.payload).toEqual(examplePayload);
    const target = examplePrev.slice();
    applyDelta(m, target);
    expect(target).toEqual(exampleCur);
    expect(referenceApplyDelta(m.payload, examplePrev, 8, 8)).toEqual(exampleCur);
  });

  it('is chosen on soft shading (smaller than format 1 and deflate-sized) and round-trips', () => {
    setDeltaKernel(kernel);
    const a = gradientFrame(4);
    const b = gradientFrame(5);
    const m = decodeMessage(encodeDelta(b, a, 600, 400, meta));
    expect(m.payload[0]).toBe(2);
    // Format 1 needs 4 bytes per literal pixel; the gradient scene's ~11% changed pixels
    // would take about 100 KB. Format 2 fits in well under half of that.
    expect(m.payload.length).toBeLessThan(50_000);
    const target = a.slice();
    applyDelta(m, target);
    expect(target.every((v, i) => v === b[i])).toBe(true);
  });

  it('keeps format 1 where coding does not pay: no change, and noise', () => {
    setDeltaKernel(kernel);
    const f = gradientFrame(0, 40, 30);
    expect(decodeMessage(encodeDelta(f, f, 40, 30, meta)).payload).toEqual(hex`01 000000 00000000 00000000`);
    const noise = new Uint8Array(40 * 30 * 4).map((_, i) => (i * 2654435761) >>> 24);
    expect(decodeMessage(encodeDelta(noise, f, 40, 30, meta)).payload[0]).toBe(1);
  });

  const bad: Array<[string, Uint8Array, 'BAD_PAYLOAD' | 'SIZE_MISMATCH', RegExp]> = [
    ['a header cut short', hex`02 000000 00000000 00000000`, 'BAD_PAYLOAD', /header alone is 16/],
    [
      'coded bytes that do not fill the rest',
      hex`02 000000 01000000 00000000 05000000 05 000000 3f`,
      'SIZE_MISMATCH',
      /format 2 sections/,
    ],
    [
      'a fill count the ops do not use',
      hex`02 000000 01000000 01000000 01000000 05 000000 01010101 3f`,
      'BAD_PAYLOAD',
      /0 fill words, 1/,
    ],
    [
      'too few pixels coded',
      hex`02 000000 01000000 00000000 01000000 09 000000 3f`,
      'BAD_PAYLOAD',
      /fewer pixels/,
    ],
    [
      'too many pixels coded',
      hex`02 000000 01000000 00000000 03000000 05 000000 3f 3f 3f`,
      'BAD_PAYLOAD',
      /more pixels/,
    ],
    [
      'a zero run past the ops',
      hex`02 000000 01000000 00000000 01000000 05 000000 81`,
      'BAD_PAYLOAD',
      /more pixels/,
    ],
    [
      'a LUMA code cut short',
      hex`02 000000 01000000 00000000 01000000 05 000000 65`,
      'BAD_PAYLOAD',
      /cut short/,
    ],
    [
      'an RGBA code cut short',
      hex`02 000000 01000000 00000000 04000000 05 000000 ff010203`,
      'BAD_PAYLOAD',
      /cut short/,
    ],
    [
      'an unknown code',
      hex`02 000000 01000000 00000000 01000000 05 000000 c0`,
      'BAD_PAYLOAD',
      /unknown delta literal code/,
    ],
    ['a huge coded length', hex`02 000000 00000000 00000000 ffffffff`, 'SIZE_MISMATCH', /add up/],
    ['a huge fill count', hex`02 000000 00000000 ffffffff ${le(4, 4)} 00000000`, 'SIZE_MISMATCH', /add up/],
  ];
  it.each(bad)('rejects %s with the target untouched', (_name, payload, code, pattern) => {
    setDeltaKernel(kernel);
    const target = new Uint8Array(8).fill(0x55);
    expectProtocolError(() => applyDelta(deltaMessage(payload, 2, 1), target), code, pattern);
    expect(target).toEqual(new Uint8Array(8).fill(0x55));
  });
});
