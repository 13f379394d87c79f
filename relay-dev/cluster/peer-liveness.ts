/**
 * Which other relays of the cluster are alive, judged by their heartbeats (each says its own
 * interval; one unheard for 3 of them counts as gone). Time this relay's own event loop was
 * stalled (a loaded machine, a long GC) never counts against the others: heartbeats that arrived
 * meanwhile are read only after the timers that would judge them.
 * @internal
 */
export class PeerLiveness {
  /** Other relays by id: until when each counts as alive. */
  private readonly until = new Map<number, number>();
  /** Other relays by id: when each was last heard, and its heartbeat interval. */
  private readonly heard = new Map<number, { at: number; interval: number }>();
  /** When the heartbeat timer last fired (a late one is a stall of this relay's event loop). */
  private lastTick = Date.now();

  constructor(
    /** This relay's own heartbeat interval: the least any peer is given. */
    private readonly heartbeatMs: number,
  ) {}

  /** Relays alive now. */
  count(now: number = Date.now()): number {
    let n = 0;
    for (const until of this.until.values()) if (until >= now) n++;
    return n;
  }

  alive(id: number, now: number = Date.now()): boolean {
    return (this.until.get(id) ?? 0) >= now;
  }

  /** Relay `id` was just heard from (a heartbeat every `intervalMs`, or any message of it). */
  seen(id: number, intervalMs = 0): void {
    const now = Date.now();
    const interval = Math.max(intervalMs, this.heard.get(id)?.interval ?? 0, this.heartbeatMs);
    const until = now + 3 * interval;
    if (until > (this.until.get(id) ?? 0)) this.until.set(id, until);
    this.heard.set(id, { at: now, interval });
  }

  /** The heartbeat timer starts now. */
  started(now: number): void {
    this.lastTick = now;
  }

  /** The heartbeat timer fired: a late one was a stall, and every deadline moves on by it. */
  tick(now: number): void {
    const late = now - this.lastTick - this.heartbeatMs;
    this.lastTick = now;
    if (late > this.heartbeatMs / 2) for (const [id, until] of this.until) this.until.set(id, until + late);
  }

  /**
   * Resolves true as soon as relay `id` is heard from, false once 3 of its heartbeat intervals
   * of this relay's own running time pass without a word (or `stopped()`): each wait counts for
   * at most twice its length, so a stall is not taken for the other's silence.
   */
  async hearsFrom(id: number, stopped: () => boolean): Promise<boolean> {
    const start = Date.now();
    const interval = this.heard.get(id)?.interval ?? this.heartbeatMs;
    const step = Math.max(10, Math.floor(interval / 4));
    let waited = 0;
    let last = start;
    while (waited < 3 * interval && !stopped()) {
      await new Promise((r) => setTimeout(r, step).unref());
      if ((this.heard.get(id)?.at ?? 0) >= start) return true;
      const now = Date.now();
      waited += Math.min(now - last, 2 * step);
      last = now;
    }
    return false;
  }
}
