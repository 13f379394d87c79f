// The per-receiver layer policy, tick by tick with explicit times: no clock, no sockets.
import { describe, expect, it } from 'vitest';
import {
  congestedBytes,
  decideMove,
  type LinkSample,
  newPolicyState,
  resolveLayerPolicy,
} from '../../relay-dev/layers/layer-policy';
import type { LayerId } from '../../src/protocol/index';

const p = resolveLayerPolicy({ now: () => 0 });
const ALL: LayerId[] = [1, 2, 3];
const rates: Record<LayerId, number> = { 1: 150_000, 2: 60_000, 3: 5_000 };
const rate = (l: LayerId): number => rates[l];
const BUDGET = 8 * 1024 * 1024;

function sample(now: number, o: Partial<LinkSample> = {}): LinkSample {
  return {
    now,
    buffered: 0,
    budget: BUDGET,
    drops: 0,
    lagMs: 0,
    queueDepth: 0,
    capacity: null,
    capacityAt: 0,
    ...o,
  };
}

/** Runs ticks every 250 ms from `from` to `to` (inclusive) with the same sample; returns the first move. */
function run(
  layer: LayerId,
  s: ReturnType<typeof newPolicyState>,
  from: number,
  to: number,
  o: Partial<LinkSample> = {},
) {
  for (let t = from; t <= to; t += 250) {
    const m = decideMove(layer, ALL, rate, sample(t, o), s, p);
    if (m) return { ...m, at: t };
  }
  return null;
}

describe('layer policy', () => {
  it('moves down at once on drops, to the next worse offered layer', () => {
    const s = newPolicyState(p);
    expect(decideMove(1, ALL, rate, sample(0, { drops: 1 }), s, p)).toEqual({ to: 2, reason: 'congested' });
    expect(decideMove(1, [1, 3], rate, sample(0, { drops: 3 }), newPolicyState(p), p)).toEqual({
      to: 3,
      reason: 'congested',
    });
    // Nothing worse offered: it stays.
    expect(decideMove(3, ALL, rate, sample(0, { drops: 5 }), newPolicyState(p), p)).toBeNull();
  });

  it('a full send buffer moves it down only after downHoldMs; a blip does not', () => {
    const over = congestedBytes(rates[1], BUDGET, p) + 1;
    // One second of the layer's bytes, but never under 64 KiB nor over half the budget.
    expect(congestedBytes(rates[1], BUDGET, p)).toBe(150_000);
    expect(congestedBytes(1000, BUDGET, p)).toBe(64 * 1024);
    expect(congestedBytes(1e9, BUDGET, p)).toBe(BUDGET / 2);
    const s = newPolicyState(p);
    expect(decideMove(1, ALL, rate, sample(0, { buffered: over }), s, p)).toBeNull();
    expect(decideMove(1, ALL, rate, sample(250, { buffered: 0 }), s, p)).toBeNull();
    expect(decideMove(1, ALL, rate, sample(500, { buffered: over }), s, p)).toBeNull();
    expect(decideMove(1, ALL, rate, sample(750, { buffered: over }), s, p)).toBeNull();
    expect(decideMove(1, ALL, rate, sample(1000, { buffered: over }), s, p)).toEqual({
      to: 2,
      reason: 'congested',
    });
  });

  it('lagging ACKs (old unacked frames or a deep decode queue) move it down with reason lagging', () => {
    expect(run(1, newPolicyState(p), 0, 2000, { lagMs: p.lagMs + 1 })).toEqual({
      to: 2,
      reason: 'lagging',
      at: 500,
    });
    expect(run(2, newPolicyState(p), 0, 2000, { queueDepth: p.maxQueueDepth + 1 })).toEqual({
      to: 3,
      reason: 'lagging',
      at: 500,
    });
    expect(run(1, newPolicyState(p), 0, 5000, { queueDepth: p.maxQueueDepth, lagMs: p.lagMs })).toBeNull();
  });

  it('moves up only after upHoldMs clear, one layer at a time', () => {
    const s = newPolicyState(p);
    expect(run(3, s, 0, 10_000)).toEqual({ to: 2, reason: 'recovered', at: 2000 });
    // A buffer over upBufferBytes is not clear: the hold restarts.
    const s2 = newPolicyState(p);
    expect(run(2, s2, 0, 1750)).toBeNull();
    expect(decideMove(2, ALL, rate, sample(2000, { buffered: p.upBufferBytes + 1 }), s2, p)).toBeNull();
    expect(run(2, s2, 2250, 4000)).toBeNull();
    expect(run(2, s2, 4250, 10_000)).toEqual({ to: 1, reason: 'recovered', at: 4250 });
  });

  it('a failed probe doubles the hold, up to maxUpHoldMs; a probe that holds resets it', () => {
    const s = newPolicyState(p);
    let t = 0;
    const holds: number[] = [];
    for (let i = 0; i < 6; i++) {
      const up = run(2, s, t, t + 100_000)!;
      expect(up.to).toBe(1);
      holds.push(up.at - t);
      // Congested right after the probe: back down.
      const down = decideMove(1, ALL, rate, sample(up.at + 250, { drops: 1 }), s, p);
      expect(down).toEqual({ to: 2, reason: 'congested' });
      t = up.at + 250;
    }
    expect(holds).toEqual([2000, 4000, 8000, 16_000, 32_000, 32_000]);
    // This probe holds past probeWindowMs: the next hold is the base again.
    const up = run(2, s, t, t + 100_000)!;
    expect(run(1, s, up.at + 250, up.at + p.probeWindowMs + 250)).toBeNull();
    const down = decideMove(1, ALL, rate, sample(up.at + p.probeWindowMs + 500, { drops: 1 }), s, p)!;
    expect(down.to).toBe(2);
    const again = run(2, s, up.at + p.probeWindowMs + 500, up.at + 100_000)!;
    expect(again.at - (up.at + p.probeWindowMs + 500)).toBe(p.upHoldMs);
  });

  it('a recent capacity measure under the target rate x headroom blocks the probe; a stale one does not', () => {
    const low = { capacity: rates[1] * p.headroom - 1, capacityAt: 0 };
    expect(run(2, newPolicyState(p), 0, p.capacityMaxAgeMs, low)).toBeNull();
    expect(run(2, newPolicyState(p), 0, 30_000, low)?.at).toBe(p.capacityMaxAgeMs + 250);
    expect(run(2, newPolicyState(p), 0, 5000, { capacity: rates[1] * p.headroom, capacityAt: 0 })?.at).toBe(
      2000,
    );
  });

  it('refuses bad thresholds with a TypeError', () => {
    expect(() => resolveLayerPolicy({ tickMs: -1 })).toThrow(TypeError);
    expect(() => resolveLayerPolicy({ headroom: 0.5 })).toThrow(/headroom/);
    expect(() => resolveLayerPolicy({ upHoldMs: 5000, maxUpHoldMs: 1000 })).toThrow(/maxUpHoldMs/);
    expect(() => resolveLayerPolicy({ lagMs: Number.NaN })).toThrow(/lagMs/);
  });
});
