// AckGuard: the rules by which the source refuses ACKs no honest receiver could send.
import { describe, expect, it } from 'vitest';
import type { AckInput } from '../../src/protocol/index';
import { ACK_WINDOW, AckGuard, QUEUE_DEPTH_SLACK } from '../../src/source/ack-guard';

const ack = (ackSeq: number, queueDepth = 1, echoTimestamp = ackSeq * 10): AckInput => ({
  kind: 'ack',
  ackSeq,
  echoTimestamp,
  decodeMicros: 100,
  queueDepth,
});

/** A guard that sent frames 0..n-1 (seq i, timestamp 10 i), keyframes where `key(i)`. */
function sent(n: number, key: (i: number) => boolean = () => true): AckGuard {
  const g = new AckGuard();
  for (let i = 0; i < n; i++) g.sent(i, i * 10, key(i));
  return g;
}

describe('AckGuard', () => {
  it('accepts an ACK of a frame it sent, with a queue the frames sent can fill', () => {
    const g = sent(5);
    expect(g.check(ack(4, 1 + QUEUE_DEPTH_SLACK), 3)).toBe('ok');
    expect(g.refused).toBe(0);
  });

  it('refuses a seq never sent, a mismatched timestamp and a frame past the window, and counts them', () => {
    const g = sent(ACK_WINDOW + 10);
    expect(g.check(ack(ACK_WINDOW + 50), 1)).toBe('unknown-frame');
    expect(g.check(ack(ACK_WINDOW + 5, 1, 7), 1)).toBe('unknown-frame');
    expect(g.check(ack(3), 1)).toBe('unknown-frame'); // fell out of the window
    expect(g.check(ack(ACK_WINDOW + 5), 1)).toBe('ok');
    expect(g.refused).toBe(3);
  });

  it('refuses a queue deeper than the frames the receiver can have been sent', () => {
    const g = sent(100);
    // First ACK, every frame a keyframe: its queue holds at most this frame (plus the slack).
    expect(g.check(ack(99, 65535), 1)).toBe('queue-depth');
    expect(g.check(ack(99, 1 + QUEUE_DEPTH_SLACK + 1), 2)).toBe('queue-depth');
    expect(g.check(ack(99, 1 + QUEUE_DEPTH_SLACK), 2)).toBe('ok');
    // Ten frames later, ten more can be waiting, no more.
    for (let i = 100; i < 110; i++) g.sent(i, i * 10, true);
    expect(g.check(ack(109, 11 + QUEUE_DEPTH_SLACK), 2)).toBe('ok');
    expect(g.check(ack(109, 12 + QUEUE_DEPTH_SLACK), 2)).toBe('queue-depth');
    expect(g.refused).toBe(3);
  });

  it('a delta chain counts from its keyframe: a late joiner is replayed keyframe + deltas', () => {
    const g = sent(40, (i) => i % 20 === 0); // keyframes at 0 and 20
    expect(g.check(ack(30, 11 + QUEUE_DEPTH_SLACK), 1)).toBe('ok');
    expect(g.check(ack(30, 12 + QUEUE_DEPTH_SLACK), 4)).toBe('queue-depth');
  });

  it('with a roster, refuses receivers the relay does not list; a leave takes effect at once', () => {
    const g = sent(10);
    g.roster({ kind: 'snapshot', ids: [1, 2] });
    expect(g.receivers).toEqual([1, 2]);
    expect(g.check(ack(9), 1)).toBe('ok');
    expect(g.check(ack(9), 3)).toBe('unknown-receiver');
    g.roster({ kind: 'joined', ids: [3] });
    expect(g.check(ack(9), 3)).toBe('ok');
    g.roster({ kind: 'left', ids: [1] });
    expect(g.check(ack(9), 1)).toBe('unknown-receiver');
    expect(g.receivers).toEqual([2, 3]);
    // A new snapshot replaces the roster; after a disconnect nothing is known until the next one.
    g.roster({ kind: 'snapshot', ids: [2] });
    expect(g.check(ack(9), 3)).toBe('unknown-receiver');
    g.disconnected();
    expect(g.receivers).toBeNull();
    expect(g.check(ack(9), 3)).toBe('ok');
  });

  it('a joiner may start on the keyframe before the current one (one may still be on its way to the relay)', () => {
    const g = sent(30, (i) => i % 10 === 0); // keyframes at 0, 10, 20
    g.roster({ kind: 'joined', ids: [5] });
    // Frames 10..29 may have reached it: 20 frames, acknowledged up to 29.
    expect(g.check(ack(29, 20 + QUEUE_DEPTH_SLACK), 5)).toBe('ok');
    expect(g.check(ack(29, 21 + QUEUE_DEPTH_SLACK), 5)).toBe('queue-depth');
  });

  it('bounds the queue from the chain start each frame records, also once that start left the window', () => {
    // One keyframe at 0, then deltas: the chain starts at 0 for every frame.
    const g = sent(500, (i) => i === 0);
    expect(g.check(ack(10, 11 + QUEUE_DEPTH_SLACK), 1)).toBe('ok');
    expect(g.check(ack(499, 500 + QUEUE_DEPTH_SLACK), 1)).toBe('ok');
    expect(g.check(ack(499, 501 + QUEUE_DEPTH_SLACK), 1)).toBe('queue-depth');
    // A new keyframe at 500 starts a new chain for a receiver that joins at it.
    for (let i = 500; i < 510; i++) g.sent(i, i * 10, i === 500);
    expect(g.check(ack(509, 10 + QUEUE_DEPTH_SLACK), 2)).toBe('ok');
    expect(g.check(ack(509, 11 + QUEUE_DEPTH_SLACK), 2)).toBe('queue-depth');
    // Past the window, the oldest remembered frame is the start: a stopped tab's queue stops counting.
    for (let i = 510; i < 510 + 2 * ACK_WINDOW; i++) g.sent(i & 0xffff, i * 10, false);
    const last = 510 + 2 * ACK_WINDOW - 1;
    expect(g.check(ack(last, ACK_WINDOW + QUEUE_DEPTH_SLACK), 1)).toBe('ok');
    expect(g.check(ack(last, ACK_WINDOW + QUEUE_DEPTH_SLACK + 1), 1)).toBe('queue-depth');
  });
});
