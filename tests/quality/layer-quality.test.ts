// Per-layer fps: a layer with a worse one planned below it keeps its target fps when one of its
// receivers congests (the relay moves that receiver down), only the worst planned layer lowers
// its fps for its receivers, and the app's bitrate cap still applies to every layer.

import { expect, test } from 'vitest';
import { type LayerModes, LayerQuality } from '../../src/internal';

/** 10 s of a layer at 30 fps whose receiver 7's ACKs come back ever later (a queue building). */
function congest(plan: LayerModes, layer: 1 | 2, maxBitrate: number | null = null) {
  const q = new LayerQuality({ fps: 30, maxBitrate });
  q.setPlan(plan, 0);
  q.report([{ id: 7, layer, reason: 'join' }], 0);
  let seq = 0;
  let fps = 30;
  const pending: { seq: number; sentAt: number; ackAt: number }[] = [];
  for (let now = 0; now < 10_000; now += 33) {
    q.sent(layer, { seq, timestamp: now, bytes: 20_000 }, now);
    pending.push({ seq, sentAt: now, ackAt: now + 20 + seq * 15 });
    seq++;
    for (const p of pending.splice(0).filter((x) => x.ackAt <= now || (pending.push(x) && false))) {
      q.ack(
        layer,
        { kind: 'ack', ackSeq: p.seq, echoTimestamp: p.sentAt, decodeMicros: 500, queueDepth: 0 },
        7,
        now,
      );
    }
    if (now % 250 < 33) fps = q.tick(now).find((d) => d.layer === layer)!.fps;
  }
  return fps;
}

test('an upper layer holds its target fps under a congested receiver; the worst layer lowers its own', () => {
  expect(congest({ 1: 'delta', 2: 'compressed' }, 1)).toBe(30);
  expect(congest({ 1: 'delta', 2: 'compressed' }, 2)).toBeLessThan(30);
  // Lossless alone: nowhere lower for the relay to move it, so lossless lowers its fps.
  expect(congest({ 1: 'delta' }, 1)).toBeLessThan(30);
});

test("the app's bitrate cap lowers an upper layer's fps too", () => {
  // 20 kB frames at 30 fps are 600 kB/s; a 1.6 Mbit/s (200 kB/s) cap leaves 10 fps.
  expect(congest({ 1: 'delta', 2: 'compressed' }, 1, 1_600_000)).toBeLessThan(30);
});
