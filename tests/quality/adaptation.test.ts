// The controller over a simulated link (link-sim.ts): throttled ACK streams, recovery, noise.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  createQualityController,
  DEFAULT_THRESHOLDS,
  ladderIndex,
  type StreamMode,
} from '../../src/internal';
import { type LinkPhase, type SimResult, shareAt, simulate } from './link-sim';

const FAST = 60e6;
const throttle = (cap: number, from = 5000, until = Infinity): LinkPhase[] => [
  { from: 0, capacityBps: FAST, baseRttMs: 40 },
  { from, capacityBps: cap, baseRttMs: 40 },
  ...(until < Infinity ? [{ from: until, capacityBps: FAST, baseRttMs: 40 }] : []),
];
const firstChangeAfter = (r: SimResult, t: number) => r.changes.find((c) => c.t >= t);

describe('downgrade under a throttled ACK stream', () => {
  test.each<{ cap: number; level: StreamMode }>([
    { cap: 2.5e6, level: 'compressed' },
    { cap: 1.2e6, level: 'delta' },
    { cap: 300e3, level: 'signal' },
  ])('link throttled to $cap B/s at 5 s settles at $level', ({ cap, level }) => {
    const r = simulate({
      controller: createQualityController(),
      receivers: [{ phases: throttle(cap) }],
      durationMs: 45_000,
    });
    const first = firstChangeAfter(r, 5000)!;
    expect(first.t).toBeLessThan(7000);
    expect(ladderIndex(first.level)).toBeGreaterThan(ladderIndex('pixel'));
    // Mostly at the level the link carries; short probes above it are allowed.
    expect(shareAt(r, level, 15_000)).toBeGreaterThan(0.7);
    const above = r.ticks.filter((s) => s.t >= 15_000 && ladderIndex(s.level) < ladderIndex(level));
    expect(above.length / r.ticks.filter((s) => s.t >= 15_000).length).toBeLessThan(0.15);
  });

  test('a link too thin even for signal lowers fps at the bottom of the ladder', () => {
    const r = simulate({
      controller: createQualityController(),
      receivers: [{ phases: throttle(1000) }],
      durationMs: 40_000,
      queueLimitBytes: 100_000,
    });
    expect(r.final).toMatchObject({ level: 'signal', fps: DEFAULT_THRESHOLDS.minFps });
    expect(r.final.reason).toMatch(/lag|queue delay|rtt|delivered|floor/);
  });

  test('the slowest receiver decides; once it leaves, the level recovers', () => {
    const r = simulate({
      controller: createQualityController(),
      receivers: [
        { id: 'a', phases: throttle(FAST) },
        { id: 'b', phases: throttle(1.2e6), leaveAt: 25_000 },
      ],
      durationMs: 60_000,
    });
    expect(shareAt(r, 'delta', 15_000, 25_000)).toBeGreaterThan(0.5);
    expect(r.changes.find((c) => c.reason.includes('(b)'))).toBeDefined();
    expect(r.final.level).toBe('pixel');
  });
});

describe('upgrade after recovery', () => {
  test.each([2.5e6, 1.2e6, 300e3])('throttled to %d B/s for 20 s, back at pixel within 25 s', (cap) => {
    const r = simulate({
      controller: createQualityController(),
      receivers: [{ phases: throttle(cap, 5000, 25_000) }],
      durationMs: 60_000,
    });
    expect(shareAt(r, 'pixel', 10_000, 25_000)).toBeLessThan(0.15);
    const back = r.ticks.find((s) => s.t > 25_000 && s.level === 'pixel');
    expect(back?.t).toBeLessThan(50_000);
    expect(shareAt(r, 'pixel', 50_000)).toBe(1);
  });
});

describe('no flapping under noise', () => {
  const noise = fc.record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
    ackJitterMs: fc.integer({ min: 0, max: 80 }),
    sizeJitter: fc.double({ min: 0, max: 0.3, noNaN: true }),
    queueMax: fc.integer({ min: 0, max: 2 }),
    baseRttMs: fc.integer({ min: 5, max: 200 }),
  });
  const rng = (seed: number) => {
    let x = seed;
    return () => {
      x = (x * 16807) % 2147483647;
      return x / 2147483647;
    };
  };

  test('a link with room to spare never changes level under noise', () => {
    fc.assert(
      fc.property(noise, (n) => {
        const rnd = rng(n.seed);
        const r = simulate({
          controller: createQualityController(),
          receivers: [{ phases: [{ from: 0, capacityBps: FAST, baseRttMs: n.baseRttMs }] }],
          durationMs: 30_000,
          ackNoise: () => rnd() * n.ackJitterMs,
          sizeNoise: () => 1 - n.sizeJitter + 2 * n.sizeJitter * rnd(),
          queueNoise: () => Math.floor(rnd() * (n.queueMax + 1)),
        });
        expect(r.changes).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });

  test('a link between two rungs: few changes, spaced out, backing off', () => {
    fc.assert(
      fc.property(noise, (n) => {
        const rnd = rng(n.seed);
        const r = simulate({
          controller: createQualityController({ mode: 'compressed' }),
          receivers: [{ phases: [{ from: 0, capacityBps: 2.5e6, baseRttMs: n.baseRttMs }] }],
          durationMs: 120_000,
          ackNoise: () => rnd() * n.ackJitterMs,
          sizeNoise: () => 1 - n.sizeJitter + 2 * n.sizeJitter * rnd(),
          queueNoise: () => Math.floor(rnd() * (n.queueMax + 1)),
        });
        // Each failed probe of pixel costs two changes; backoff keeps them rare.
        expect(r.changes.length).toBeLessThanOrEqual(14);
        for (let i = 1; i < r.changes.length; i++) {
          expect(r.changes[i]!.t - r.changes[i - 1]!.t).toBeGreaterThanOrEqual(
            DEFAULT_THRESHOLDS.minChangeIntervalMs,
          );
        }
        const probes = r.changes.filter((c) => c.reason === 'probing pixel').map((c) => c.t);
        for (let i = 2; i < probes.length; i++) {
          expect(probes[i]! - probes[i - 1]!).toBeGreaterThanOrEqual(probes[i - 1]! - probes[i - 2]! - 1000);
        }
        expect(shareAt(r, 'pixel', 0)).toBeLessThan(0.1);
        expect(r.ticks.filter((s) => s.level === 'signal').length / r.ticks.length).toBeLessThan(0.1);
      }),
      { numRuns: 8 },
    );
  });
});

describe('pin and bounds hold under any link', () => {
  test.each<{
    name: string;
    options: Parameters<typeof createQualityController>[0];
    cap: number;
    allowed: StreamMode[];
  }>([
    { name: 'pinned pixel on a thin link', options: { pin: 'pixel' }, cap: 1.2e6, allowed: ['pixel'] },
    { name: 'pinned neural', options: { mode: 'neural' }, cap: 300e3, allowed: ['neural'] },
    {
      name: 'minMode delta on a thin link',
      options: { minMode: 'delta' },
      cap: 20e3,
      allowed: ['pixel', 'compressed', 'delta'],
    },
    {
      name: 'maxMode compressed on a fast link',
      options: { maxMode: 'compressed' },
      cap: FAST,
      allowed: ['compressed'],
    },
    {
      name: 'maxBitrate 10 Mbit/s on a fast link',
      options: { maxBitrate: 10e6 },
      cap: FAST,
      allowed: ['pixel', 'delta'],
    },
  ])('$name', ({ options, cap, allowed }) => {
    const r = simulate({
      controller: createQualityController(options),
      receivers: [{ phases: throttle(cap, 0) }],
      durationMs: 30_000,
    });
    for (const s of r.ticks) expect(allowed).toContain(s.level);
  });

  test('a pinned controller still reports estimates', () => {
    const qc = createQualityController({ pin: 'pixel' });
    simulate({ controller: qc, receivers: [{ phases: throttle(1.2e6, 0) }], durationMs: 10_000 });
    expect(qc.quality).toMatchObject({ level: 'pixel', pinned: true, reason: 'pinned' });
    expect(qc.quality.estimates.rttMs).toBeGreaterThan(1000);
    expect(qc.quality.estimates.bandwidthBps).toBeGreaterThan(0.5e6);
  });

  test('maxBitrate keeps the level off pixel once pixel frames were measured', () => {
    const r = simulate({
      controller: createQualityController({ maxBitrate: 10e6 }),
      receivers: [{ phases: throttle(FAST, 0) }],
      durationMs: 30_000,
    });
    expect(r.ticks.filter((s) => s.level === 'pixel').length).toBeLessThanOrEqual(1);
    expect(r.final.level).toBe('delta');
  });
});

describe('no overshoot while the old backlog drains', () => {
  // Regression: on a 2 MB/s link the source went pixel -> compressed and then on to delta (or
  // signal), because pixel frames still queued in the relay and the shaper made the RTT and ACK
  // lag of the first compressed frames look congested.
  test.each([
    { fps: 15, queue: 1_000_000 },
    { fps: 15, queue: 4_000_000 },
    { fps: 30, queue: 1_000_000 },
  ])(
    '2 MB/s at $fps fps with a $queue-byte relay queue: pixel -> compressed and no lower',
    ({ fps, queue }) => {
      const r = simulate({
        controller: createQualityController({ mode: 'pixel', fps }),
        receivers: [{ phases: throttle(2e6, 3000) }],
        durationMs: 30_000,
        queueLimitBytes: queue,
      });
      const first = firstChangeAfter(r, 3000)!;
      expect(first.level).toBe('compressed');
      expect(first.t).toBeLessThan(5000);
      const below = r.ticks.filter((s) => s.t >= 3000 && ladderIndex(s.level) > ladderIndex('compressed'));
      expect(below).toEqual([]);
      expect(shareAt(r, 'compressed', 5000)).toBeGreaterThan(0.85);
    },
  );

  test('a failed probe goes back to the rung it came from, at the same fps', () => {
    const r = simulate({
      controller: createQualityController({ mode: 'pixel', fps: 30 }),
      receivers: [{ phases: throttle(2e6, 3000) }],
      durationMs: 30_000,
    });
    const probes = r.changes.filter((c) => c.reason.startsWith('probing pixel'));
    expect(probes.length).toBeGreaterThan(0);
    for (const p of probes) {
      const next = r.changes.find((c) => c.t > p.t);
      if (next) expect(next).toMatchObject({ level: 'compressed', fps: 30 });
    }
  });
});
