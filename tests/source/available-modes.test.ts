// The controller's `modes` bound (added for the source engine): rungs the source cannot produce are
// stepped over, on the way down and on the way up, and the engine passes what its encoders can make.

import { describe, expect, test } from 'vitest';
import { createQualityController, ladderIndex, QualityError } from '../../src/internal';
import { simulate } from '../quality/link-sim';

const FAST = 60e6;

describe('QualityController modes', () => {
  test('without compressed, a 2.5 MB/s link goes pixel -> delta and back up to pixel, never compressed', () => {
    const r = simulate({
      controller: createQualityController({ modes: ['pixel', 'delta', 'signal'] }),
      receivers: [
        {
          phases: [
            { from: 0, capacityBps: FAST, baseRttMs: 40 },
            { from: 5000, capacityBps: 2.5e6, baseRttMs: 40 },
            { from: 20_000, capacityBps: FAST, baseRttMs: 40 },
          ],
        },
      ],
      durationMs: 60_000,
    });
    expect(r.ticks.some((s) => s.level === 'compressed')).toBe(false);
    const down = r.changes.find((c) => c.t >= 5000)!;
    expect(down.level).toBe('delta');
    expect(down.t).toBeLessThan(7000);
    expect(r.final.level).toBe('pixel');
  });

  test('a start mode that is not available is moved to the next worse one', () => {
    const qc = createQualityController({ mode: 'compressed', modes: ['pixel', 'delta'] });
    expect(qc.quality.level).toBe('delta');
  });

  test('the bottom of an incomplete ladder lowers fps instead of choosing a missing rung', () => {
    const r = simulate({
      controller: createQualityController({ modes: ['pixel', 'delta'] }),
      receivers: [{ phases: [{ from: 0, capacityBps: 200e3, baseRttMs: 40 }] }],
      durationMs: 30_000,
    });
    expect(r.ticks.every((s) => ladderIndex(s.level) <= ladderIndex('delta'))).toBe(true);
    expect(r.final.level).toBe('delta');
    expect(r.final.fps).toBeLessThan(30);
  });

  test('modes with nothing inside the bounds, or an unknown mode, is BAD_OPTIONS', () => {
    expect(() => createQualityController({ modes: ['signal'], minMode: 'delta' })).toThrow(QualityError);
    expect(() => createQualityController({ modes: ['warp' as 'pixel'] })).toThrow(/BAD_OPTIONS/);
  });
});
