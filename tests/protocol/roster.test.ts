import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeRoster,
  encodeMessage,
  encodeRoster,
  Flag,
  FrameType,
  MAX_ROSTER_IDS,
} from '../../src/internal';

const hex = (u8: Uint8Array): string => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join(' ');
const header = { flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 };

describe('Roster (0x51)', () => {
  it('is kind u8, count u16 LE, then each id u16 LE', () => {
    const msg = encodeRoster('left', [0x0102, 7], { seq: 3, timestamp: 0 });
    expect(hex(msg)).toBe('51 00 03 00 00 00 00 00 00 00 00 00 07 00 00 00 02 02 00 02 01 07 00');
  });

  it('round-trips every kind and id list', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('snapshot', 'joined', 'left' as const),
        fc.array(fc.integer({ min: 1, max: 0xffff }), { maxLength: 40 }),
        (kind, ids) => {
          expect(decodeRoster(decodeMessage(encodeRoster(kind, ids, { seq: 1, timestamp: 0 })))).toEqual({
            kind,
            ids,
          });
        },
      ),
    );
  });

  it('an empty snapshot says nobody is connected', () => {
    const msg = encodeRoster('snapshot', [], { seq: 0, timestamp: 0 });
    expect(msg.length).toBe(19);
    expect(decodeRoster(decodeMessage(msg))).toEqual({ kind: 'snapshot', ids: [] });
  });

  it('encoding refuses id 0, ids past u16 and too many ids', () => {
    const meta = { seq: 0, timestamp: 0 };
    for (const ids of [[0], [0x10000], [1.5], new Array<number>(MAX_ROSTER_IDS + 1).fill(1)]) {
      expect(() => encodeRoster('joined', ids, meta)).toThrow(
        expect.objectContaining({ code: 'BAD_PAYLOAD' }),
      );
    }
  });

  it('decoding rejects wrong type, input flag, sizes, kinds and id 0', () => {
    const bad =
      (type: number, payload: number[], flags = 0) =>
      () =>
        decodeRoster(decodeMessage(encodeMessage({ ...header, type, flags }, new Uint8Array(payload))));
    expect(bad(FrameType.StreamStatus, [1, 0, 0, 0, 0])).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TYPE' }),
    );
    expect(bad(FrameType.Roster, [1, 0, 0], Flag.Input)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TYPE' }),
    );
    expect(bad(FrameType.Roster, [1, 0])).toThrow(expect.objectContaining({ code: 'SIZE_MISMATCH' }));
    expect(bad(FrameType.Roster, [1, 2, 0, 5, 0])).toThrow(
      expect.objectContaining({ code: 'SIZE_MISMATCH' }),
    );
    expect(bad(FrameType.Roster, [1, 0, 0, 5, 0])).toThrow(
      expect.objectContaining({ code: 'SIZE_MISMATCH' }),
    );
    expect(bad(FrameType.Roster, [3, 0, 0])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(bad(FrameType.Roster, [1, 1, 0, 0, 0])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });
});
