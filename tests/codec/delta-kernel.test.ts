import { describe, expect, it } from 'vitest';
import {
  applyDeltaWords,
  DeltaOp,
  encodeDeltaWords,
  MAX_RUN,
  parseDeltaOps,
} from '../../src/codec/delta-kernel';
import { expectProtocolError } from './expect-error';

describe('delta kernel', () => {
  it('encodes skip / literal / fill / repeat ops as (n << 2) | kind varints', () => {
    const prev = new Uint32Array(200);
    const cur = prev.slice();
    cur[150] = 5; // skip 150 -> 2-byte varint
    cur[151] = 6;
    cur.fill(7, 152, 160); // fill 8
    cur.fill(7, 170, 172); // skip 10, repeat 2
    const { ops, lits } = encodeDeltaWords(cur, prev, 200);
    expect([...ops]).toEqual([
      0xd8,
      0x04,
      (2 << 2) | DeltaOp.Literal,
      (8 << 2) | DeltaOp.Fill,
      10 << 2,
      (2 << 2) | DeltaOp.Repeat,
    ]);
    expect([...lits]).toEqual([5, 6, 7]);
    const parsed = parseDeltaOps(ops, 200, lits.length);
    const target = prev.slice();
    applyDeltaWords(target, parsed, lits.slice());
    expect(target).toEqual(cur);
  });

  it('omits a trailing unchanged run and handles a fully changed frame', () => {
    const prev = new Uint32Array([1, 2, 3, 4]);
    expect(encodeDeltaWords(prev, prev, 4).ops.length).toBe(0);
    const cur = new Uint32Array([9, 8, 7, 6]);
    const { ops, lits } = encodeDeltaWords(cur, prev, 4);
    expect([...ops]).toEqual([(4 << 2) | DeltaOp.Literal]);
    expect([...lits]).toEqual([8, 10, 4, 2]);
  });

  it('grows its ops scratch for worst-case alternation', () => {
    const n = 100_000;
    const prev = new Uint32Array(n);
    const cur = prev.map((_, i) => (i % 2 ? i : 0));
    const { ops, lits } = encodeDeltaWords(cur, prev, n);
    expect(ops.length).toBeGreaterThan(4096);
    const target = prev.slice();
    applyDeltaWords(target, parseDeltaOps(ops.slice(), n, lits.length), lits.slice());
    expect(target).toEqual(cur);
  });

  it('parses the largest run a 5-byte varint holds and bounds it by the frame', () => {
    const max = new Uint8Array([0xfc, 0xff, 0xff, 0xff, 0x0f]); // (MAX_RUN << 2) | Skip
    expect([...parseDeltaOps(max, MAX_RUN, 0)]).toEqual([MAX_RUN * 4]);
    expectProtocolError(() => parseDeltaOps(max, MAX_RUN - 1, 0), 'BAD_PAYLOAD', /runs to word/);
  });
});
