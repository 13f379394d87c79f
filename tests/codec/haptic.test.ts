import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHaptic, encodeHaptic } from '../../src/codec/index';
import { decodeMessage, encodeMessage, FrameType } from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 1, timestamp: 1 };
const haptic = (payload: Uint8Array) =>
  decodeMessage(
    encodeMessage({ type: FrameType.Haptic, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }, payload),
  );

describe('haptic codec', () => {
  it('writes duration u16, intensity u8, count u8, pattern u16s (byte vector)', () => {
    expect(encodeHaptic({ durationMs: 300, intensity: 1, pattern: [100, 50] }, meta)).toEqual(
      hex`20 00 0100 01000000 0000 0000 08000000 2c01 ff 02 6400 3200`,
    );
    expect(encodeHaptic({ durationMs: 80, intensity: 0 }, meta).subarray(16)).toEqual(hex`5000 00 00`);
  });

  it('round-trips (fast-check); intensity to within 1/255', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 255 }), {
          nil: undefined,
        }),
        (durationMs, intensity, pattern) => {
          const cmd = pattern ? { durationMs, intensity, pattern } : { durationMs, intensity };
          const out = decodeHaptic(decodeMessage(encodeHaptic(cmd, meta)));
          expect(out.durationMs).toBe(durationMs);
          expect(Math.abs(out.intensity - intensity)).toBeLessThanOrEqual(0.5 / 255 + 1e-12);
          expect(out.pattern).toEqual(pattern);
          if (!pattern) expect('pattern' in out).toBe(false);
        },
      ),
    );
  });

  it('clamps out-of-range values instead of wrapping', () => {
    const out = decodeHaptic(
      decodeMessage(encodeHaptic({ durationMs: 1e6, intensity: 7, pattern: [-5, Number.NaN] }, meta)),
    );
    expect(out).toEqual({ durationMs: 65535, intensity: 1, pattern: [0, 0] });
    expect(
      decodeHaptic(decodeMessage(encodeHaptic({ durationMs: -1, intensity: Number.NaN }, meta))),
    ).toEqual({ durationMs: 0, intensity: 0 });
  });

  it('rejects a pattern over 255 entries (BAD_PAYLOAD)', () => {
    expectProtocolError(
      () => encodeHaptic({ durationMs: 1, intensity: 1, pattern: new Array(256).fill(1) }, meta),
      'BAD_PAYLOAD',
      /256 entries/,
    );
  });

  it.each([
    [hex``, /at least 4/],
    [hex`6400 ff`, /at least 4/],
    [hex`6400 ff 01`, /1 pattern entries need 6/],
    [hex`6400 ff 00 0000`, /0 pattern entries need 4/],
    [hex`6400 ff 01 6400 00`, /need 6/],
  ])('rejects payload %s (SIZE_MISMATCH)', (payload, pattern) => {
    expectProtocolError(() => decodeHaptic(haptic(payload)), 'SIZE_MISMATCH', pattern);
  });

  it('rejects other types (UNKNOWN_TYPE)', () => {
    const m = decodeMessage(
      encodeMessage({ type: FrameType.End, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }),
    );
    expectProtocolError(() => decodeHaptic(m), 'UNKNOWN_TYPE', /expected Haptic, got End/);
  });
});
