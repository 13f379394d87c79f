import type { LayerAssignment } from '../../src/protocol/index';
import type { RemoteIds } from './remote-ids';

/** What one relay's report changed, in the source relay's ids. @internal */
export interface RemoteChange {
  joined: number[];
  left: number[];
  /** True when any receiver joined, left or changed layer or reason. */
  changed: boolean;
}

/**
 * On the source's relay: the receivers of the other relays, as each last reported them (a
 * LayerReport on the input subject: their ids, layers and reasons). Their ids are restamped with
 * `RemoteIds`, the same ids their input carries, so the source's Rosters, LayerReports and ACKs
 * all name one receiver by one id.
 * @internal
 */
export class RemoteReceivers {
  /** relay -> its receiver id -> the entry (with the local id). */
  private readonly byRelay = new Map<number, Map<number, LayerAssignment>>();

  constructor(private readonly ids: RemoteIds) {}

  /** Takes `relay`'s whole list of receivers (a report replaces the last one). */
  update(relay: number, entries: readonly LayerAssignment[]): RemoteChange {
    const before = this.byRelay.get(relay) ?? new Map<number, LayerAssignment>();
    const after = new Map<number, LayerAssignment>();
    const change: RemoteChange = { joined: [], left: [], changed: false };
    for (const e of entries) {
      const was = before.get(e.id);
      const id = was?.id ?? this.ids.idFor(relay, e.id);
      if (id === null) continue; // no id free: this receiver stays unknown to the source
      if (was === undefined) change.joined.push(id);
      if (was === undefined || was.layer !== e.layer || was.reason !== e.reason) change.changed = true;
      after.set(e.id, { id, layer: e.layer, reason: e.reason });
    }
    for (const [remote, e] of before) {
      if (after.has(remote)) continue;
      change.left.push(e.id);
      change.changed = true;
      this.ids.release(relay, remote);
    }
    if (after.size > 0) this.byRelay.set(relay, after);
    else this.byRelay.delete(relay);
    return change;
  }

  /** Forgets one relay's receivers (it went silent); returns their local ids (they left). */
  dropRelay(relay: number): number[] {
    const gone = [...(this.byRelay.get(relay)?.values() ?? [])].map((e) => e.id);
    this.byRelay.delete(relay);
    return gone;
  }

  /** Forgets everyone (the source left: the next one gets its own reports). */
  clear(): void {
    this.byRelay.clear();
  }

  /** Every remote receiver's entry. */
  entries(): LayerAssignment[] {
    const out: LayerAssignment[] = [];
    for (const m of this.byRelay.values()) out.push(...m.values());
    return out;
  }
}
