import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { springsFrame, springsStream } from '../../bench/fixtures/springs-stream';
import {
  applyDelta,
  checkDeltaMessage,
  DELTA_HEADER_SIZE,
  decodeFrame,
  encodeDelta,
  encodePixels,
} from '../../src/codec/index';
import {
  decodeMessage,
  Flag,
  FrameType,
  HEADER_SIZE,
  type Message,
  MessageReader,
  writeHeader,
} from '../../src/protocol/index';
import { atOffset, hex, le, splitEverywhere } from '../helpers/bytes';
import { referenceApplyDelta } from './delta-reference';
import { expectProtocolError } from './expect-error';

const meta = { seq: 5, timestamp: 1000 };

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A frame from a 4-colour palette (so fills and repeats occur) and a mutated copy of it. */
function framePair(w: number, h: number, seed: number, changeRate: number): [Uint8Array, Uint8Array] {
  const r = rng(seed);
  const palette = [0xff202020, 0xff3050f0, 0x80ffffff, 0x00000000];
  const prev = new Uint32Array(w * h).map(() => palette[Math.floor(r() * 4)]!);
  const cur = prev.slice();
  for (let i = 0; i < cur.length; i++) {
    if (r() >= changeRate) continue;
    const len = 1 + Math.floor(r() * 6);
    const v = r() < 0.5 ? palette[Math.floor(r() * 4)]! : Math.floor(r() * 2 ** 32);
    for (let k = 0; k < len && i + k < cur.length; k++)
      cur[i + k] = r() < 0.8 ? v : Math.floor(r() * 2 ** 32);
  }
  return [new Uint8Array(cur.buffer), new Uint8Array(prev.buffer)];
}

/** A moving-shapes scene: background plus rectangles, shifted by `t`. */
function scene(w: number, h: number, t: number): Uint8Array {
  const px = new Uint32Array(w * h).fill(0xff1a1a2e);
  for (const [x0, y0, s, c] of [
    [2, 3, 5, 0xff3cb371],
    [10, 1, 4, 0xffe94560],
  ] as const) {
    for (let y = y0; y < Math.min(h, y0 + s); y++)
      for (let x = x0 + t; x < Math.min(w, x0 + t + s); x++) px[y * w + x] = c;
  }
  return new Uint8Array(px.buffer);
}

/** Index of the first differing byte, or -1 (toEqual on megabyte arrays is very slow). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function roundTrip(cur: Uint8Array, prev: Uint8Array, w: number, h: number): Uint8Array {
  const message = decodeMessage(encodeDelta(cur, prev, w, h, meta));
  const target = prev.slice();
  applyDelta(message, target);
  return target;
}

function deltaMessage(payload: Uint8Array, w: number, h: number, flags = 0): Message {
  const bytes = new Uint8Array(HEADER_SIZE + payload.length);
  writeHeader(bytes, {
    type: FrameType.DeltaPixels,
    flags,
    seq: 0,
    timestamp: 0,
    width: w,
    height: h,
    payloadLength: payload.length,
  });
  bytes.set(payload, HEADER_SIZE);
  return decodeMessage(bytes);
}

describe('encodeDelta', () => {
  it('writes the documented byte layout (docs/PROTOCOL.md example)', () => {
    // 4x1: pixel 0 same, pixel 1 changed, pixels 2-3 changed by the same XOR value.
    const prev = hex`00000000 00000000 10203040 10203040`;
    const cur = hex`00000000 01020304 11213141 11213141`;
    const bytes = encodeDelta(cur, prev, 4, 1, meta);
    expect(bytes).toEqual(
      hex`03 00 0500 e8030000 0400 0100 18000000
          01 000000 03000000 02000000   # format 1, 3 op bytes, 2 literal words
          04 05 0a 00                   # skip 1, literal 1, fill 2, pad
          01020304 01010101             # literal word, fill value`,
    );
    expect(bytes[1]! & Flag.Keyframe).toBe(0);
  });

  it('costs 12 payload bytes when nothing changed', () => {
    const f = scene(40, 30, 0);
    const m = decodeMessage(encodeDelta(f, f, 40, 30, meta));
    expect(m.payload).toEqual(hex`01 000000 00000000 00000000`);
    const target = f.slice();
    applyDelta(m, target);
    expect(target).toEqual(f);
  });

  it('uses Repeat for a second run of the same XOR value', () => {
    const prev = hex`00000000 00000000 00000000 00000000 00000000`;
    const cur = hex`0a0b0c0d 0a0b0c0d 00000000 0a0b0c0d 0a0b0c0d`;
    const m = decodeMessage(encodeDelta(cur, prev, 5, 1, meta));
    // fill 2 (0x0a), skip 1 (0x04), repeat 2 (0x0b): one literal word for two runs.
    expect(m.payload).toEqual(hex`01 000000 03000000 01000000 0a 04 0b 00 0a0b0c0d`);
  });

  it('round-trips random palette frames (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, h, seed, rate) => {
          const [cur, prev] = framePair(w, h, seed, rate);
          expect(roundTrip(cur, prev, w, h)).toEqual(cur);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('round-trips arbitrary byte frames (fast-check)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 16 })
          .chain((w) =>
            fc.tuple(
              fc.constant(w),
              fc.uint8Array({ minLength: w * 16, maxLength: w * 16 }),
              fc.uint8Array({ minLength: w * 16, maxLength: w * 16 }),
            ),
          ),
        ([w, a, b]) => {
          expect(roundTrip(a, b, w, 4)).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips a moving scene and is far smaller than raw', () => {
    let prev = scene(64, 32, 0);
    for (let t = 1; t < 20; t++) {
      const cur = scene(64, 32, t);
      const bytes = encodeDelta(cur, prev, 64, 32, meta);
      expect(bytes.length).toBeLessThan((64 * 32 * 4) / 10);
      expect(roundTrip(cur, prev, 64, 32)).toEqual(cur);
      prev = cur;
    }
  });

  it('works with unaligned current, previous, target and message buffers', () => {
    const [cur, prev] = framePair(13, 7, 42, 0.3);
    for (const off of [1, 2, 3]) {
      const bytes = encodeDelta(atOffset(cur, off), atOffset(prev, off + 1), 13, 7, meta);
      expect(bytes).toEqual(encodeDelta(cur, prev, 13, 7, meta));
      const target = atOffset(prev, off);
      applyDelta(decodeMessage(atOffset(bytes, off)), target);
      expect(target).toEqual(cur);
    }
  });

  it('matches the reference decoder on every valid encoding', () => {
    const [cur, prev] = framePair(31, 9, 7, 0.2);
    const m = decodeMessage(encodeDelta(cur, prev, 31, 9, meta));
    expect(referenceApplyDelta(m.payload, prev, 31 * 9)).toEqual(cur);
  });

  it('rejects frames of the wrong size', () => {
    expectProtocolError(
      () => encodeDelta(new Uint8Array(16), new Uint8Array(12), 2, 2, meta),
      'SIZE_MISMATCH',
      /previous 12/,
    );
    expectProtocolError(
      () => encodeDelta(new Uint8Array(4), new Uint8Array(4), 70000, 1, meta),
      'BAD_PAYLOAD',
    );
  });
});

describe('delta on a stream', () => {
  it('reassembles a delta message split at every byte and applies it', () => {
    const [cur, prev] = framePair(6, 3, 5, 0.4);
    const bytes = encodeDelta(cur, prev, 6, 3, meta);
    for (const [a, b] of splitEverywhere(bytes)) {
      const reader = new MessageReader();
      const got = [...reader.push(a), ...reader.push(b)];
      expect(got).toHaveLength(1);
      const target = prev.slice();
      applyDelta(got[0]!, target);
      expect(target).toEqual(cur);
    }
  });

  it('replays the springs fixture (keyframes + deltas) to the exact frames', () => {
    const stream = springsStream(8, 4);
    const back = new Uint8Array(600 * 400 * 4);
    stream.forEach((bytes, t) => {
      const f = decodeFrame(decodeMessage(bytes));
      if (f.kind === 'pixels') back.set(f.rgba);
      else if (f.kind === 'delta') applyDelta(f.message, back);
      else throw new Error(`unexpected ${f.kind}`);
      expect(f.kind).toBe(t % 4 === 0 ? 'pixels' : 'delta');
      expect(firstDifference(back, springsFrame(t))).toBe(-1);
    });
    // Mostly-static frames: a delta is a small fraction of a raw frame.
    expect(Math.max(...stream.filter((_, t) => t % 4 !== 0).map((m) => m.length))).toBeLessThan(
      600 * 400 * 4 * 0.02,
    );
  });
});

describe('applyDelta errors (target untouched)', () => {
  const prev = new Uint8Array(8).fill(0x55);
  const cases: Array<[string, Message, 'UNKNOWN_TYPE' | 'BAD_PAYLOAD' | 'SIZE_MISMATCH', RegExp]> = [
    [
      'a Pixels message',
      decodeMessage(encodePixels(new Uint8Array(8), 2, 1, meta)),
      'UNKNOWN_TYPE',
      /expected DeltaPixels/,
    ],
    [
      'FLAG_KEYFRAME',
      deltaMessage(hex`01 000000 00000000 00000000`, 2, 1, Flag.Keyframe),
      'BAD_PAYLOAD',
      /FLAG_KEYFRAME/,
    ],
    [
      'a payload shorter than its header',
      deltaMessage(hex`01 000000 0000`, 2, 1),
      'BAD_PAYLOAD',
      /header alone/,
    ],
    ['an unknown format', deltaMessage(hex`03 000000 00000000 00000000`, 2, 1), 'BAD_PAYLOAD', /format 3/],
    [
      'sections longer than the payload',
      deltaMessage(hex`01 000000 01000000 00000000`, 2, 1),
      'SIZE_MISMATCH',
      /ops_len 1 exceeds the 0 bytes/,
    ],
    [
      'an ops_len that wraps the literal offset negative (0xFFFFFFF0)',
      deltaMessage(hex`01 000000 f0ffffff 05000000 15040404`, 8, 1),
      'SIZE_MISMATCH',
      /ops_len 4294967280 exceeds/,
    ],
    [
      'literal words that do not fill the rest',
      deltaMessage(hex`01 000000 01000000 02000000 04 000000 01010101`, 2, 1),
      'SIZE_MISMATCH',
      /add up to 24 bytes, payload is 20/,
    ],
    ['a huge literal count', deltaMessage(hex`01 000000 00000000 ffffffff`, 2, 1), 'SIZE_MISMATCH', /add up/],
    [
      'a varint past the ops section',
      deltaMessage(hex`01 000000 01000000 00000000 85 000000`, 2, 1),
      'BAD_PAYLOAD',
      /runs past/,
    ],
    [
      'a 6-byte varint',
      deltaMessage(hex`01 000000 06000000 00000000 808080808001 0000`, 2, 1),
      'BAD_PAYLOAD',
      /longer than 5/,
    ],
    [
      'a varint over 32 bits',
      deltaMessage(hex`01 000000 05000000 00000000 ffffffff7f 000000`, 2, 1),
      'BAD_PAYLOAD',
      /32 bits/,
    ],
    [
      'an empty run',
      deltaMessage(hex`01 000000 01000000 00000000 01 000000`, 2, 1),
      'BAD_PAYLOAD',
      /empty run/,
    ],
    [
      'a skip past the end',
      deltaMessage(hex`01 000000 01000000 00000000 0c 000000`, 2, 1),
      'BAD_PAYLOAD',
      /runs to word 3, frame has 2/,
    ],
    [
      'a literal run past the end',
      deltaMessage(hex`01 000000 01000000 03000000 0d 000000 ${le(1, 4)} ${le(1, 4)} ${le(1, 4)}`, 2, 1),
      'BAD_PAYLOAD',
      /runs to word 3/,
    ],
    [
      'a repeat before any value',
      deltaMessage(hex`01 000000 01000000 00000000 07 000000`, 2, 1),
      'BAD_PAYLOAD',
      /repeats before/,
    ],
    [
      'ops using more literals than sent',
      deltaMessage(hex`01 000000 01000000 01000000 09 000000 01010101`, 2, 1),
      'BAD_PAYLOAD',
      /more than the 1/,
    ],
    [
      'literals left unused',
      deltaMessage(hex`01 000000 01000000 02000000 06 000000 01010101 02020202`, 2, 1),
      'BAD_PAYLOAD',
      /use 1 literal words, 2/,
    ],
  ];
  it.each(cases)('rejects %s', (_name, message, code, pattern) => {
    const target = prev.slice();
    expectProtocolError(() => applyDelta(message, target), code, pattern);
    expect(target).toEqual(prev);
  });

  it('rejects a target that is not w*h*4 bytes (SIZE_MISMATCH)', () => {
    const m = deltaMessage(hex`01 000000 00000000 00000000`, 2, 1);
    expectProtocolError(() => applyDelta(m, new Uint8Array(12)), 'SIZE_MISMATCH', /target is 12 bytes/);
  });

  it('checkDeltaMessage checks what it can without a target', () => {
    expect(() => checkDeltaMessage(deltaMessage(hex`01 000000 00000000 00000000`, 2, 1))).not.toThrow();
    expectProtocolError(() => checkDeltaMessage(deltaMessage(hex`01 00`, 2, 1)), 'BAD_PAYLOAD');
    expect(DELTA_HEADER_SIZE).toBe(12);
  });
});

describe('applyDelta on hostile payloads (fast-check)', () => {
  const w = 9;
  const h = 5;
  const [cur, prev] = framePair(w, h, 99, 0.3);
  const valid = decodeMessage(encodeDelta(cur, prev, w, h, meta)).payload.slice();

  function check(payload: Uint8Array): void {
    const target = prev.slice();
    const expected = referenceApplyDelta(payload, prev, w * h);
    let error: unknown;
    try {
      applyDelta(deltaMessage(payload, w, h), target);
    } catch (e) {
      error = e;
    }
    if (expected === null) {
      expect(error).toBeDefined();
      expect((error as Error).name).toBe('ProtocolError');
      expect(target).toEqual(prev);
    } else {
      expect(error).toBeUndefined();
      expect(target).toEqual(expected);
    }
  }

  it('mutated valid payloads: ProtocolError with target untouched, or exactly the reference picture', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -8, max: 8 }),
        (edits, resize) => {
          const p = new Uint8Array(Math.max(0, valid.length + resize));
          p.set(valid.subarray(0, p.length));
          for (const [at, byte] of edits) if (p.length) p[at % p.length] = byte;
          check(p);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random payloads with a plausible header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 48 }), fc.integer({ min: 0, max: 10 }), (ops, litWords) => {
        const payload = new Uint8Array(((12 + ops.length + 3) & ~3) + litWords * 4);
        payload.set(hex`01 000000 ${le(ops.length, 4)} ${le(litWords, 4)} ${ops}`);
        check(payload);
      }),
      { numRuns: 3000 },
    );
  });
});
