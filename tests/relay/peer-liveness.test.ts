// Relay liveness by heartbeats, and that a stall of this relay's own event loop is not taken for the others' silence.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeerLiveness } from '../../relay-dev/cluster/peer-liveness';

const T0 = 1_000_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('PeerLiveness', () => {
  it('counts a relay alive for 3 of its own heartbeat intervals after it was heard', () => {
    const l = new PeerLiveness(100);
    l.seen(7, 200);
    expect(l.alive(7, T0 + 600)).toBe(true);
    expect(l.alive(7, T0 + 601)).toBe(false);
    expect(l.count(T0 + 600)).toBe(1);
    // Never less than this relay's own interval.
    l.seen(8, 10);
    expect(l.alive(8, T0 + 300)).toBe(true);
    expect(l.alive(9)).toBe(false);
  });

  it("moves every deadline on by a stall of this relay's heartbeat timer", () => {
    const l = new PeerLiveness(200);
    l.started(T0);
    l.seen(7, 200);
    l.tick(T0 + 200);
    // The timer fires 2 s late: the heartbeats queued meanwhile have not been read yet.
    vi.setSystemTime(T0 + 2400);
    l.tick(T0 + 2400);
    expect(l.alive(7)).toBe(true);
    // Ticks on time move nothing: silence after the stall counts.
    expect(l.alive(7, T0 + 2400 + 601)).toBe(false);
  });

  it('hears a relay that heartbeats while it waits, and gives up after 3 intervals of silence', async () => {
    const l = new PeerLiveness(200);
    const heard = l.hearsFrom(7, () => false);
    await vi.advanceTimersByTimeAsync(150);
    l.seen(7, 200);
    await vi.advanceTimersByTimeAsync(60);
    await expect(heard).resolves.toBe(true);

    let done: boolean | null = null;
    void l
      .hearsFrom(8, () => false)
      .then((v) => {
        done = v;
      });
    await vi.advanceTimersByTimeAsync(550);
    expect(done).toBe(null);
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
  });

  it('does not count a stall while it waits as silence', async () => {
    const l = new PeerLiveness(200);
    let done: boolean | null = null;
    void l
      .hearsFrom(7, () => false)
      .then((v) => {
        done = v;
      });
    // Each wait is 50 ms; one that comes back 5 s late counts as 100 ms at most.
    vi.setSystemTime(T0 + 5000);
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(null);
    l.seen(7, 200);
    await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(true);
  });
});
