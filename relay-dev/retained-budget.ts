import { Counter, Gauge, type Registry } from 'prom-client';

/** What the budget needs from a channel holding retained state. @internal */
export interface Retainer {
  /** Bytes this channel retains (as last reported with `RetainedBudget.change`). */
  readonly retained: number;
  /** Bytes of its delta log (part of `retained`). */
  readonly deltaLogBytes: number;
  /** True when no receiver is connected: its state serves only future joiners. */
  readonly idle: boolean;
  /** `performance.now()` of its last frame or join. */
  readonly lastActive: number;
  /** Drops the keyframe, the delta log and the signal state (late joiners ask the source). */
  dropRetained(): void;
  /** Drops the delta log only (late joiners get the keyframe and a KeyframeRequest is sent). */
  dropDeltaLog(): void;
}

/** What eviction dropped, for `ds_relay_retained_evictions_total`. @internal */
type Eviction = 'idle_channel' | 'delta_log' | 'active_channel';

/**
 * The relay-wide budget for state kept for late joiners (keyframes, delta logs, signal state)
 * across every channel. Live delivery never depends on it: frames fan out from the socket's
 * buffer, so over budget only what a future joiner would have been sent is dropped, and that
 * joiner gets a KeyframeRequest instead. Over budget it evicts down to 7/8 of the limit (so a
 * full relay does not scan its channels on every frame), in this order:
 * 1. idle channels (no receivers), least recently active first: all their state;
 * 2. delta logs of the other channels, largest first;
 * 3. the other channels' state, least recently active first.
 * @internal
 */
export class RetainedBudget {
  /** Bytes retained across channels (the `ds_relay_retained_bytes` gauge). */
  total = 0;
  private readonly members: Set<Retainer> = new Set();
  private readonly evictions: Counter<'what'>;
  private evicting = false;

  constructor(
    readonly limit: number,
    registry: Registry,
  ) {
    const self = this;
    new Gauge({
      name: 'ds_relay_retained_bytes',
      help: 'Bytes of keyframes, delta logs and signal state kept for late joiners, all channels',
      registers: [registry],
      collect() {
        this.set(self.total);
      },
    });
    new Gauge({
      name: 'ds_relay_retained_limit_bytes',
      help: 'The relay-wide budget for retained state (maxRetainedBytes)',
      registers: [registry],
      collect() {
        this.set(self.limit);
      },
    });
    this.evictions = new Counter({
      name: 'ds_relay_retained_evictions_total',
      help: 'Retained state dropped for the relay-wide budget, by what (idle_channel, delta_log, active_channel)',
      labelNames: ['what'],
      registers: [registry],
    });
  }

  add(member: Retainer): void {
    this.members.add(member);
  }

  /** Forgets a channel; `retained` must already have been reported as 0. */
  remove(member: Retainer): void {
    this.members.delete(member);
  }

  /** Reports that a channel's retained bytes changed by `delta`; evicts when over budget. */
  change(delta: number): void {
    this.total += delta;
    if (this.total > this.limit && !this.evicting) this.evict();
  }

  private evict(): void {
    this.evicting = true;
    try {
      const target = Math.floor((this.limit * 7) / 8);
      const all = [...this.members].filter((m) => m.retained > 0);
      const byAge = (a: Retainer, b: Retainer): number => a.lastActive - b.lastActive;
      for (const m of all.filter((x) => x.idle).sort(byAge)) {
        if (this.total <= target) return;
        this.drop(m, 'idle_channel');
      }
      const active = all.filter((x) => !x.idle);
      for (const m of active
        .filter((x) => x.deltaLogBytes > 0)
        .sort((a, b) => b.deltaLogBytes - a.deltaLogBytes)) {
        if (this.total <= target) return;
        m.dropDeltaLog();
        this.evictions.inc({ what: 'delta_log' });
      }
      for (const m of active.sort(byAge)) {
        if (this.total <= target) return;
        if (m.retained > 0) this.drop(m, 'active_channel');
      }
    } finally {
      this.evicting = false;
    }
  }

  private drop(m: Retainer, what: Eviction): void {
    m.dropRetained();
    this.evictions.inc({ what });
  }
}
