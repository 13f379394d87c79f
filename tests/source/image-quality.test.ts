// The WebP quality governor: down a step per 0.5 s while the controller sees congestion in compressed
// mode (floor 0.5), back up to the app's ceiling once the link is healthy; untouched elsewhere.
import { createQualityController } from '@ds-stream/react/core';
import { describe, expect, test } from 'vitest';
import { ImageQuality } from '../../src/source/image-quality';

/** A controller in `mode` whose only receiver reports a deep render queue (congestion) or none. */
function link(mode: 'compressed' | 'delta', queueDepth: number) {
  // Never step down on its own: the governor is what we watch.
  const qc = createQualityController({ mode, thresholds: { downDwellMs: 1e9, upDwellMs: 1e9 } });
  let seq = 0;
  const at = (now: number) => {
    qc.onFrameSent({ seq, timestamp: now, bytes: 4000 }, now);
    qc.onAck({ ackSeq: seq, echoTimestamp: now, decodeMicros: 500, queueDepth }, now + 5);
    seq++;
    qc.tick(now + 5);
  };
  return { qc, at };
}

describe('ImageQuality', () => {
  test('congestion in compressed mode lowers quality step by step to 0.5; health brings it back to the ceiling', () => {
    const seen: number[] = [];
    const iq = new ImageQuality(0.8, (q) => seen.push(q));
    const bad = link('compressed', 20);
    for (let t = 0; t <= 4000; t += 100) {
      bad.at(t);
      iq.tick(bad.qc, t + 5);
    }
    expect(bad.qc.state.congestedSince).not.toBeNull();
    expect(seen).toEqual([0.7, 0.6, 0.5]);
    expect(iq.current).toBe(0.5);

    const good = link('compressed', 0);
    for (let t = 0; t <= 6000; t += 100) {
      good.at(t);
      iq.tick(good.qc, 10_000 + t);
    }
    expect(iq.current).toBe(0.8);
    expect(seen.slice(3)).toEqual([0.6, 0.7, 0.8]);
  });

  test('other modes and pinned controllers leave it alone; set() moves the ceiling and clamps', () => {
    const iq = new ImageQuality(undefined, () => {});
    expect(iq.current).toBe(0.8);
    const delta = link('delta', 20);
    for (let t = 0; t <= 3000; t += 100) {
      delta.at(t);
      iq.tick(delta.qc, t + 5);
    }
    expect(iq.current).toBe(0.8);
    iq.set(1.7);
    expect(iq.current).toBe(1);
    iq.set(Number.NaN);
    expect(iq.current).toBe(1);
  });
});
