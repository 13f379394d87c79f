import { RelayError } from './errors';

/** Largest peer id: ids travel as a little-endian u16 in the `width` field of input. */
export const MAX_PEER_ID = 0xffff;

/**
 * Hands out peer ids 1..65535 for one relay. After the counter wraps it skips ids still in
 * use, so two live peers never share one (a source tells receivers' input apart by it). 0 is
 * never used, so a source can read it as "no id".
 * @internal
 */
export class PeerIds {
  private readonly live: Set<number> = new Set();
  private last = 0;

  /** Ids in use now. */
  get size(): number {
    return this.live.size;
  }

  /**
   * The next free id after the last one handed out.
   * @throws RelayError `LIMIT_REACHED` when all 65535 ids are live
   */
  allocate(): number {
    if (this.live.size >= MAX_PEER_ID) {
      throw new RelayError('LIMIT_REACHED', `relay has reached its limit of ${MAX_PEER_ID} connections`);
    }
    let id = this.last;
    do id = (id % MAX_PEER_ID) + 1;
    while (this.live.has(id));
    this.last = id;
    this.live.add(id);
    return id;
  }

  /** Returns `id` to the pool (the peer left, or its join was rolled back). */
  release(id: number): void {
    this.live.delete(id);
  }
}
