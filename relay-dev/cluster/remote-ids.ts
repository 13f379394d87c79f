import type { PeerIds } from '../peer-ids';

/**
 * Ids for receivers on other relays, on the source's relay. Each relay stamps its own peer ids
 * into its receivers' input, so two receivers on two relays can share one; the source's relay
 * restamps each (relay, id) pair with an id of its own, unique among its live peers, so the
 * source tells every receiver of the cluster apart (per-receiver ACKs, per-user input).
 * @internal
 */
export class RemoteIds {
  /** relay * 65536 + its id -> the local id. */
  private readonly ids = new Map<number, number>();

  constructor(private readonly peerIds: PeerIds) {}

  /** Restamps the sender id (bytes 8-9, LE) of one input message; false when no id is free. */
  stamp(relay: number, message: Uint8Array): boolean {
    const key = relay * 65536 + (message[8]! | (message[9]! << 8));
    let id = this.ids.get(key);
    if (id === undefined) {
      try {
        id = this.peerIds.allocate();
      } catch {
        return false;
      }
      this.ids.set(key, id);
    }
    message[8] = id & 0xff;
    message[9] = id >>> 8;
    return true;
  }

  /** Gives back the ids of one relay's receivers (it is gone). */
  releaseRelay(relay: number): void {
    for (const [key, id] of this.ids) {
      if (Math.floor(key / 65536) !== relay) continue;
      this.peerIds.release(id);
      this.ids.delete(key);
    }
  }

  /** Gives back every id (the source left). */
  releaseAll(): void {
    for (const id of this.ids.values()) this.peerIds.release(id);
    this.ids.clear();
  }

  /** Relays with receivers here. */
  relays(): Set<number> {
    return new Set([...this.ids.keys()].map((k) => Math.floor(k / 65536)));
  }
}
