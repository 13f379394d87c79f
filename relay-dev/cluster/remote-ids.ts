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
    const id = this.idFor(relay, message[8]! | (message[9]! << 8));
    if (id === null) return false;
    message[8] = id & 0xff;
    message[9] = id >>> 8;
    return true;
  }

  /** The local id of receiver `id` of `relay` (given one now if it has none); null when none is free. */
  idFor(relay: number, id: number): number | null {
    const key = relay * 65536 + id;
    let local = this.ids.get(key);
    if (local === undefined) {
      try {
        local = this.peerIds.allocate();
      } catch {
        return null;
      }
      this.ids.set(key, local);
    }
    return local;
  }

  /** Gives back the id of one receiver of `relay` (it left). */
  release(relay: number, id: number): void {
    const key = relay * 65536 + id;
    const local = this.ids.get(key);
    if (local === undefined) return;
    this.peerIds.release(local);
    this.ids.delete(key);
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
