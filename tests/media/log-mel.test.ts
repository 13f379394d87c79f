// The log-mel front end: geometry, that a tone lands in the band that holds its frequency,
// and the resampler; bad input is refused with a typed error.

import { describe, expect, it } from 'vitest';
import { isMediaError, LOG_MEL, logMel, logMelFrameCount, resampleLinear } from '../../src/internal';

const tone = (hz: number, n: number, rate = 16000) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate));
const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);

describe('logMel', () => {
  it('gives 49 frames x 40 bands for one second', () => {
    expect(logMelFrameCount(16000)).toBe(LOG_MEL.windowFrames);
    expect(logMel(new Float32Array(16000)).length).toBe(49 * 40);
    expect(logMelFrameCount(399)).toBe(0);
  });

  it.each([300, 1000, 3000, 6000])('puts a %i Hz tone in the band around it', (hz) => {
    const f = logMel(tone(hz, 16000));
    const frame = f.subarray(20 * 40, 21 * 40);
    const peak = frame.indexOf(Math.max(...frame));
    // Band centres are evenly spaced in mel between 20 and 7600 Hz.
    const step = (hzToMel(7600) - hzToMel(20)) / 41;
    const expected = Math.round((hzToMel(hz) - hzToMel(20)) / step) - 1;
    expect(Math.abs(peak - expected)).toBeLessThanOrEqual(1);
  });

  it('keeps digital silence finite and far below speech level', () => {
    const quiet = logMel(new Float32Array(16000));
    const loud = logMel(tone(1000, 16000));
    expect(quiet.every(Number.isFinite)).toBe(true);
    expect(Math.max(...loud)).toBeGreaterThan(Math.max(...quiet) + 10);
  });

  it('refuses a NaN sample with BAD_INPUT', () => {
    const x = new Float32Array(800);
    x[500] = Number.NaN;
    let err: unknown;
    try {
      logMel(x);
    } catch (e) {
      err = e;
    }
    expect(isMediaError(err, 'BAD_INPUT')).toBe(true);
  });
});

describe('resampleLinear', () => {
  it('keeps a low tone and scales the length', () => {
    const y = resampleLinear(tone(440, 48000, 48000), 48000, 16000);
    expect(y.length).toBe(16000);
    const ref = tone(440, 16000);
    let err = 0;
    for (let i = 0; i < y.length; i++) err = Math.max(err, Math.abs(y[i]! - ref[i]!));
    expect(err).toBeLessThan(0.01);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => resampleLinear(new Float32Array(4), 0, 16000)).toThrow(/BAD_INPUT/);
  });
});
