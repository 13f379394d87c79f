// Which ACKs the relay believes: only a frame it sent that receiver, its timestamp, a sane queue.
import { describe, expect, it } from 'vitest';
import { MAX_PLAUSIBLE_QUEUE, SENT_RING, SentFrames } from '../../relay-dev/layers/ack-check';

describe('SentFrames', () => {
  it('refuses a seq never sent to this receiver, a wrong timestamp and a queue deeper than sent', () => {
    const f = new SentFrames();
    // Sent seqs 10, 12, 14 (the other layers' frames took 11 and 13).
    f.sent(10, 330, 0);
    f.sent(12, 396, 1);
    f.sent(14, 462, 2);
    expect(f.check(11, 363, 0)).toBe('unknown_seq');
    expect(f.check(99, 0, 0)).toBe('unknown_seq');
    expect(f.check(12, 397, 0)).toBe('timestamp');
    // Two frames were sent up to seq 12: three waiting to be drawn is impossible.
    expect(f.check(12, 396, 3)).toBe('queue_depth');
    expect(f.check(14, 462, 65535)).toBe('queue_depth');
    expect(f.ackedPos).toBe(-1);
    expect(f.check(12, 396, 2)).toBeNull();
    expect(f.queueDepth).toBe(2);
    expect(f.check(14, 462, 1)).toBeNull();
    expect(f.ackedPos).toBe(2);
  });

  it('caps the queue depth at MAX_PLAUSIBLE_QUEUE however much was sent', () => {
    const f = new SentFrames();
    for (let i = 0; i < 200; i++) f.sent(i, i, 0);
    expect(f.check(199, 199, MAX_PLAUSIBLE_QUEUE)).toBeNull();
    expect(f.check(199, 199, MAX_PLAUSIBLE_QUEUE + 1)).toBe('queue_depth');
  });

  it('finds seqs across the 16-bit wrap and forgets frames older than the ring', () => {
    const f = new SentFrames();
    const n = SENT_RING + 100;
    const seqOf = (i: number): number => (65000 + i * 3) & 0xffff;
    for (let i = 0; i < n; i++) f.sent(seqOf(i), i, i);
    expect(f.check(seqOf(n - 1), n - 1, 0)).toBeNull();
    expect(f.check(seqOf(n - SENT_RING), n - SENT_RING, 0)).toBeNull();
    expect(f.check(seqOf(n - SENT_RING - 1), n - SENT_RING - 1, 0)).toBe('unknown_seq');
    expect(f.check(seqOf(500) + 1, 500, 0)).toBe('unknown_seq');
  });

  it('lag is the age of the oldest frame after the newest ACKed one; 0 before any ACK', () => {
    const f = new SentFrames();
    f.sent(1, 1, 100);
    f.sent(2, 2, 200);
    f.sent(3, 3, 300);
    expect(f.lagMs(1000)).toBe(0);
    expect(f.check(1, 1, 0)).toBeNull();
    expect(f.lagMs(1000)).toBe(800);
    // It skipped 2 (dropped as stale) and ACKed 3: nothing waits.
    expect(f.check(3, 3, 0)).toBeNull();
    expect(f.lagMs(1000)).toBe(0);
    // An old ACK does not move the position back.
    expect(f.check(2, 2, 0)).toBeNull();
    expect(f.lagMs(1000)).toBe(0);
  });
});
