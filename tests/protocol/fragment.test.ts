import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAGMENT_LIMIT,
  FRAGMENT_HEADER_SIZE,
  FragmentError,
  fragmentIdAfter,
  fragmentMessage,
  Reassembler,
  readFragmentHeader,
} from '../../src/protocol/index';

function bytes(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FragmentError) return e.code;
    throw e;
  }
  return 'none';
}

describe('fragmentMessage', () => {
  it('splits a 960,016 B pixel frame under Chromium 262,144 B and the 64 KiB default, each fragment within the limit', () => {
    const frame = bytes(960_016);
    for (const limit of [262_144, DEFAULT_FRAGMENT_LIMIT]) {
      const parts = fragmentMessage(frame, 7, limit);
      expect(parts.length).toBe(Math.ceil(960_016 / (limit - FRAGMENT_HEADER_SIZE)));
      for (const p of parts) expect(p.byteLength).toBeLessThanOrEqual(limit);
      const r = new Reassembler();
      const out = parts.map((p) => r.push(p)).filter((m) => m !== null);
      expect(out).toHaveLength(1);
      expect(out[0]!.message).toEqual(frame);
      expect(out[0]!.lost).toBe(0);
    }
  });

  it('refuses a limit with no room and a message that needs over 65,535 fragments', () => {
    expect(code(() => fragmentMessage(bytes(10), 0, 12))).toBe('FRAGMENT_LIMIT');
    expect(code(() => fragmentMessage(new Uint8Array(70_000), 0, 13))).toBe('FRAGMENT_LIMIT');
  });

  it('ids compare as serial numbers across the u32 wrap', () => {
    expect(fragmentIdAfter(0, 0xffff_ffff)).toBe(true);
    expect(fragmentIdAfter(0xffff_ffff, 0)).toBe(false);
    expect(fragmentIdAfter(5, 5)).toBe(false);
  });
});

describe('Reassembler', () => {
  it('any message, any limit, any arrival order: the exact message, once', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: FRAGMENT_HEADER_SIZE + 1, max: 600 }),
        fc.nat(),
        fc.infiniteStream(fc.nat()),
        (message, limit, id, order) => {
          const parts = fragmentMessage(message, id, limit);
          const shuffled = parts.map((p, i) => ({ p, k: order.next().value + i }));
          shuffled.sort((a, b) => a.k - b.k);
          const r = new Reassembler();
          const out = shuffled.map(({ p }) => r.push(p)).filter((m) => m !== null);
          expect(out).toHaveLength(1);
          expect(out[0]!.message).toEqual(message);
          expect(out[0]!.id).toBe(id >>> 0);
          expect(r.pendingBytes).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a lost fragment drops its message whole: later messages arrive exact, lost counts it, nothing torn', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 400 }), { minLength: 2, maxLength: 12 }),
        fc.integer({ min: 40, max: 200 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (messages, limit, loseOne) => {
          const r = new Reassembler();
          const delivered: { id: number; lost: number; message: Uint8Array }[] = [];
          messages.forEach((m, id) => {
            const parts = fragmentMessage(m, id, limit);
            // Lose the last fragment of chosen multi-fragment messages.
            const drop = loseOne[id] && parts.length > 1;
            for (const p of drop ? parts.slice(0, -1) : parts) {
              const got = r.push(p);
              if (got) delivered.push(got);
            }
          });
          let last = -1;
          for (const d of delivered) {
            expect(d.message).toEqual(messages[d.id]);
            expect(d.lost).toBe(last === -1 ? 0 : d.id - last - 1);
            last = d.id;
          }
          const expected = messages
            .map((m, id) => ({ id, whole: !(loseOne[id] && fragmentMessage(m, id, limit).length > 1) }))
            .filter((x) => x.whole)
            .map((x) => x.id);
          expect(delivered.map((d) => d.id)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drops an incomplete older message when a newer one completes, and ignores its late fragments', () => {
    const r = new Reassembler();
    expect(r.push(fragmentMessage(bytes(10), 0, 62)[0]!)?.id).toBe(0);
    const a = fragmentMessage(bytes(100, 2), 1, 62);
    const b = fragmentMessage(bytes(100, 3), 2, 62);
    expect(a).toHaveLength(2);
    expect(r.push(a[0]!)).toBeNull();
    expect(r.push(b[0]!)).toBeNull();
    const got = r.push(b[1]!);
    expect(got?.id).toBe(2);
    expect(got?.lost).toBe(1);
    expect(r.dropped).toBe(1);
    expect(r.pendingBytes).toBe(0);
    expect(r.push(a[1]!)).toBeNull();
    expect(r.stale).toBe(1);
  });

  it('expectFirst counts a loss of the very first messages', () => {
    const r = new Reassembler({ expectFirst: 0 });
    expect(r.push(fragmentMessage(bytes(10), 2, 100)[0]!)?.lost).toBe(2);
    const w = new Reassembler({ expectFirst: 0xffff_ffff });
    expect(w.push(fragmentMessage(bytes(10), 0, 100)[0]!)?.lost).toBe(1);
  });

  it('holds at most maxPending incomplete messages (bounded memory under a flood of first fragments)', () => {
    const r = new Reassembler({ maxPending: 3 });
    for (let id = 0; id < 100; id++) expect(r.push(fragmentMessage(bytes(1000), id, 200)[0]!)).toBeNull();
    expect(r.pendingBytes).toBe(3000);
    expect(r.dropped).toBe(97);
  });

  it('refuses malformed fragments with typed codes', () => {
    const r = new Reassembler({ maxMessageBytes: 1000 });
    expect(code(() => r.push(new Uint8Array(5)))).toBe('FRAGMENT_TRUNCATED');
    const f = fragmentMessage(bytes(100), 1, 40);
    const zeroCount = f[0]!.slice();
    zeroCount[6] = 0;
    zeroCount[7] = 0;
    expect(code(() => r.push(zeroCount))).toBe('FRAGMENT_BAD_HEADER');
    expect(code(() => readFragmentHeader(zeroCount))).toBe('FRAGMENT_BAD_HEADER');
    expect(code(() => r.push(fragmentMessage(bytes(2000), 2, 400)[0]!))).toBe('FRAGMENT_TOO_LARGE');
    const single = fragmentMessage(bytes(10), 3, 100)[0]!;
    expect(code(() => r.push(single.subarray(0, 15)))).toBe('FRAGMENT_BAD_SIZE');
    // A middle fragment shorter than the first one seen of its message.
    const g = fragmentMessage(bytes(100), 4, 40);
    r.push(g[0]!);
    expect(code(() => r.push(g[1]!.subarray(0, 20)))).toBe('FRAGMENT_BAD_SIZE');
  });

  it('random bytes never throw anything but FragmentError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (frags) => {
        const r = new Reassembler({ maxMessageBytes: 4096 });
        for (const f of frags) {
          try {
            r.push(f);
          } catch (e) {
            expect(e).toBeInstanceOf(FragmentError);
          }
        }
        expect(r.pendingBytes).toBeLessThanOrEqual(4 * 4096);
      }),
      { numRuns: 2000 },
    );
  });
});
