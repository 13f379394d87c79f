/**
 * The hostile-decoder fuzz (hostile-harness.ts) over DeltaPixels format 2, with each kernel:
 * mutated valid messages inside sentinel-filled buffers, random edits, and every edge value
 * in the three length fields. Each case must give a ProtocolError where the reference decoder
 * (delta-reference.ts) refuses it, else exactly the reference picture, never another throw;
 * and the JS and WASM kernels must refuse the same inputs with the same code and message.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWasmDeltaKernel, setDeltaKernel } from '../../src/codec/delta-kernels';
import { applyDelta, encodeDelta } from '../../src/codec/index';
import { frameFlagsError } from '../../src/protocol/frame-rules';
import { Flag, FrameType, HEADER_SIZE, type Message, readHeader } from '../../src/protocol/index';
import { hex, le } from '../helpers/bytes';
import { referenceApplyDelta } from './delta-reference';
import {
  checkCase,
  EDGE_U32,
  type HostileSpec,
  mutations,
  type Outcome,
  outcome,
  setU32,
} from './hostile-harness';

const W = 12;
const H = 6;
// A smooth picture and a shifted copy with a noisy patch, a solid bar and a repeated run:
// format 2 with Skip, Literal, Fill and Repeat ops and DIFF, LUMA, RGB, RGBA and RUN codes.
const prev = new Uint8Array(W * H * 4);
const cur = new Uint8Array(W * H * 4);
for (let p = 0; p < W * H; p++) {
  const x = p % W;
  const y = Math.floor(p / W);
  prev.set([40 + 3 * x, 60 + 2 * y, 90 + x + y, 255], 4 * p);
  cur.set([41 + 3 * x, 61 + 2 * y, 91 + x + y, 255], 4 * p);
}
cur.set(prev.subarray(0, 8), 0); // two unchanged pixels: a Skip
// One XOR value on 20-22 (a Fill), 23 unchanged (a Skip), the same value on 24-25 (a Repeat).
const xorValue = [0x80, 0x40, 0x20, 0];
for (const p of [20, 21, 22, 24, 25])
  for (let b = 0; b < 4; b++) cur[4 * p + b] = prev[4 * p + b]! ^ xorValue[b]!;
cur.set(prev.subarray(4 * 23, 4 * 24), 4 * 23);
cur.set([5, 250, 128, 17], 4 * 40); // a wild pixel: RGBA
cur.set([180, 20, 90, 255], 4 * 41); // RGB
for (const p of [50, 51, 52]) cur.set(cur.subarray(4 * 49, 4 * 50), 4 * p); // equal pixels: RUN

const valid = encodeDelta(cur, prev, W, H, { seq: 1, timestamp: 2 });
const direct = (bytes: Uint8Array): Message => ({
  header: readHeader(bytes),
  payload: bytes.subarray(HEADER_SIZE),
});
const refError: Outcome = { error: new (class extends Error {})('refused') as never };

function reference(bytes: Uint8Array): Outcome {
  if (bytes.length < HEADER_SIZE) return refError;
  const h = readHeader(bytes);
  if (h.type !== FrameType.DeltaPixels || (h.flags & Flag.Input) !== 0) return refError;
  if (frameFlagsError(h.type, h.flags) !== null) return refError;
  if (h.width * h.height * 4 !== prev.length) return refError;
  const out = referenceApplyDelta(bytes.subarray(HEADER_SIZE), prev, h.width * h.height, h.width);
  return out === null ? refError : { value: out };
}

const run = (kernel: 'js' | 'wasm') => (bytes: Uint8Array) => {
  setDeltaKernel(kernel);
  const target = prev.slice();
  try {
    applyDelta(direct(bytes), target);
  } catch (e) {
    // Validation before writing: a refused message leaves the target as it was.
    if (target.some((v, i) => v !== prev[i])) throw new Error(`${kernel}: target written before an error`);
    throw e;
  }
  return target;
};
const specs: HostileSpec[] = (['js', 'wasm'] as const).map((k) => ({
  name: `delta-v2/${k}`,
  valid,
  run: run(k),
  reference,
}));

/** Both kernels refuse alike: same ProtocolError code and message, or both accept. */
function sameAcrossKernels(bytes: Uint8Array): void {
  const copy = () => bytes.slice();
  const a = outcome(() => run('js')(copy()));
  const b = outcome(() => run('wasm')(copy()));
  const show = (o: Outcome) => ('error' in o ? o.error.message : 'ok');
  expect(show(b), Buffer.from(bytes).toString('hex')).toBe(show(a));
}

// The WASM kernel loads lazily (its own chunk): tests that pick it wait for it once.
beforeAll(async () => {
  await loadWasmDeltaKernel();
});

let cases = 0;
afterAll(() => console.log(`hostile DeltaPixels format-2 cases: ${cases}`));

describe('hostile DeltaPixels format 2', () => {
  it('the fixture is format 2 and uses every op and code kind', () => {
    const payload = valid.subarray(HEADER_SIZE);
    expect(payload[0]).toBe(2);
    const ops = payload.subarray(16, 16 + payload[4]!);
    expect(new Set([...ops].map((b) => b & 3))).toEqual(new Set([0, 1, 2, 3]));
    const fills = payload[8]!;
    const coded = payload.subarray(Math.ceil((16 + ops.length) / 4) * 4 + 4 * fills);
    const tags = new Set(
      [...coded].filter((b) => b === 0xfe || b === 0xff || b < 0xc0).map((b) => (b >= 0xfe ? b : b >> 6)),
    );
    for (const t of [0, 1, 2, 0xfe, 0xff]) expect(tags.has(t), `code ${t}`).toBe(true);
  });

  it.each(specs.map((s) => [s.name, s] as const))('%s: systematic mutations', (_n, spec) => {
    let n = 0;
    for (const m of mutations(spec.valid)) {
      checkCase(spec, m, n++ % 8);
      if (spec.name.endsWith('wasm')) sameAcrossKernels(m);
    }
    cases += n;
    expect(n).toBeGreaterThan(spec.valid.length * 8);
  });

  it.each(specs.map((s) => [s.name, s] as const))('%s: random multi-byte edits (fast-check)', (_n, spec) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: -12, max: 12 }),
        fc.nat(7),
        (edits, resize, pre) => {
          const m = new Uint8Array(Math.max(0, spec.valid.length + resize));
          m.set(spec.valid.subarray(0, m.length));
          for (const [at, byte] of edits) if (m.length) m[at % m.length] = byte;
          checkCase(spec, m, pre);
          sameAcrossKernels(m);
        },
      ),
      { numRuns: 500 },
    );
    cases += 500;
  });

  it('random ops and codes with edge values in ops_len, fill_words and coded_len (fast-check)', () => {
    const message = (payload: Uint8Array) => {
      const out = new Uint8Array(HEADER_SIZE + payload.length);
      out.set(hex`03 00 0000 00000000 ${le(W, 2)} ${le(H, 2)} ${le(payload.length, 4)}`);
      out.set(payload, HEADER_SIZE);
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 20 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.uint8Array({ maxLength: 24 }),
        fc.nat(2),
        fc.nat(7),
        (list, codes, fills, pre) => {
          const ops = list.map(([kind, n]) => (n << 2) | kind);
          const fillAt = Math.ceil((16 + ops.length) / 4) * 4;
          const payload = new Uint8Array(fillAt + 4 * fills + codes.length).fill(0x33);
          payload.set(hex`02 000000`);
          payload.set(ops, 16);
          payload.set(codes, fillAt + 4 * fills);
          const honest = [ops.length, fills, codes.length];
          for (const field of [0, 1, 2]) {
            for (const v of [honest[field]!, ...EDGE_U32]) {
              for (const [i, h] of honest.entries()) setU32(payload, 4 + 4 * i, i === field ? v : h);
              const bytes = message(payload);
              for (const spec of specs) checkCase(spec, bytes, pre);
              sameAcrossKernels(bytes);
              cases++;
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
