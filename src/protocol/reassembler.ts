import { FRAGMENT_HEADER_SIZE, FragmentError, fragmentIdAfter, readFragmentHeader } from './fragment';

/** Limits of a `Reassembler`. @internal */
export interface ReassemblerOptions {
  /**
   * Largest message accepted, in bytes; a fragment announcing more is refused.
   * @defaultValue 16 MiB + 16 (the protocol's default payload limit plus its header)
   */
  maxMessageBytes?: number;
  /**
   * Incomplete messages held at once; one more drops the oldest.
   * @defaultValue 4
   */
  maxPending?: number;
  /**
   * Id the link's first message carries (links count from 0): then a loss of the very first
   * messages shows in `lost` too. Without it the first message delivered sets the count.
   * @defaultValue undefined
   */
  expectFirst?: number;
}

/** A message put back together. @internal */
export interface Reassembled {
  /** The whole message (a fresh buffer the caller owns). */
  message: Uint8Array;
  /** Its id. */
  id: number;
  /**
   * Messages between the last one delivered and this one that never will be (lost, dropped
   * incomplete, or overtaken): 0 on a link that lost nothing. The first message delivered has 0
   * unless `expectFirst` was given.
   */
  lost: number;
}

interface Pending {
  readonly id: number;
  readonly count: number;
  readonly bytes: Uint8Array;
  /** Chunk length of every fragment but the last; -1 until a fragment tells it. */
  chunk: number;
  readonly have: Uint8Array;
  received: number;
}

const DEFAULT_MAX_MESSAGE = 16 * 1024 * 1024 + 16;

/**
 * Puts fragments back into messages and delivers them in id order, each at most once. Built for
 * a link that may lose or reorder (an unordered DataChannel with no retransmits) as well as one
 * that does not: when a message completes, every older incomplete one is dropped (it would arrive
 * after its successor), and a fragment of a message older than the last delivered is ignored.
 * Memory is bounded by `maxPending` x `maxMessageBytes`.
 * @example
 * ```ts
 * const r = new Reassembler();
 * dc.onmessage = (ev) => { const m = r.push(new Uint8Array(ev.data)); if (m) handle(m.message, m.lost); };
 * ```
 * @internal
 */
export class Reassembler {
  readonly #maxMessage: number;
  readonly #maxPending: number;
  /** Incomplete messages, oldest first. */
  readonly #pending: Pending[] = [];
  #last: number | null = null;
  /** Messages dropped incomplete (overtaken, or pushed out by `maxPending`). */
  dropped = 0;
  /** Fragments ignored because their message was already delivered or overtaken. */
  stale = 0;

  constructor(options: ReassemblerOptions = {}) {
    this.#maxMessage = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
    this.#maxPending = Math.max(1, options.maxPending ?? 4);
    if (options.expectFirst !== undefined) this.#last = (options.expectFirst - 1) >>> 0;
  }

  /** Bytes held for incomplete messages. */
  get pendingBytes(): number {
    let n = 0;
    for (const p of this.#pending) n += p.bytes.byteLength;
    return n;
  }

  /**
   * Takes one fragment; returns the message it completes, or null.
   * @throws FragmentError for a malformed fragment (the link should be closed: its peer is broken)
   */
  push(fragment: Uint8Array): Reassembled | null {
    const h = readFragmentHeader(fragment);
    if (h.total > this.#maxMessage) {
      throw new FragmentError('FRAGMENT_TOO_LARGE', `${h.total} bytes, at most ${this.#maxMessage}`);
    }
    if (this.#last !== null && !fragmentIdAfter(h.id, this.#last)) {
      this.stale++;
      return null;
    }
    const chunk = fragment.subarray(FRAGMENT_HEADER_SIZE);
    if (h.count === 1) {
      if (chunk.byteLength !== h.total) throw sizeError(h.total, chunk.byteLength);
      return this.#deliver(h.id, chunk.slice());
    }
    const p = this.#entry(h.id, h.count, h.total);
    const offset = this.#place(p, h.index, chunk.byteLength);
    if (p.have[h.index]) return null;
    p.have[h.index] = 1;
    p.received++;
    p.bytes.set(chunk, offset);
    if (p.received < p.count) return null;
    this.#pending.splice(this.#pending.indexOf(p), 1);
    return this.#deliver(p.id, p.bytes);
  }

  #entry(id: number, count: number, total: number): Pending {
    const found = this.#pending.find((p) => p.id === id);
    if (found) {
      if (found.count !== count || found.bytes.byteLength !== total) {
        throw new FragmentError('FRAGMENT_BAD_HEADER', `message ${id} changed its count or total`);
      }
      return found;
    }
    // Need at least one byte per fragment and no more than the total: the count is plausible.
    if (count > total) throw sizeError(total, count);
    if (this.#pending.length >= this.#maxPending) {
      this.#pending.shift();
      this.dropped++;
    }
    const p: Pending = {
      id,
      count,
      bytes: new Uint8Array(total),
      chunk: -1,
      have: new Uint8Array(count),
      received: 0,
    };
    // Kept in id order so "older than" is "earlier in the list".
    let at = this.#pending.length;
    while (at > 0 && fragmentIdAfter(this.#pending[at - 1]!.id, id)) at--;
    this.#pending.splice(at, 0, p);
    return p;
  }

  /** Checks a chunk's length against its message and returns where it goes. */
  #place(p: Pending, index: number, length: number): number {
    const total = p.bytes.byteLength;
    const last = index === p.count - 1;
    // Any fragment fixes the chunk length: a middle one is it, the last one is what is left over.
    const chunk = last ? (total - length) / (p.count - 1) : length;
    const ok =
      Number.isInteger(chunk) &&
      chunk > 0 &&
      (p.chunk === -1 || p.chunk === chunk) &&
      (p.count - 1) * chunk < total &&
      p.count * chunk >= total &&
      (!last || length <= chunk);
    if (!ok) throw sizeError(total, length);
    p.chunk = chunk;
    return index * chunk;
  }

  #deliver(id: number, message: Uint8Array): Reassembled {
    const lost = this.#last === null ? 0 : ((id - this.#last) >>> 0) - 1;
    this.#last = id;
    // Older incomplete messages can only be delivered after this one now: they never will be.
    while (this.#pending.length > 0 && !fragmentIdAfter(this.#pending[0]!.id, id)) {
      this.#pending.shift();
      this.dropped++;
    }
    return { message, id, lost };
  }
}

function sizeError(total: number, length: number): FragmentError {
  return new FragmentError('FRAGMENT_BAD_SIZE', `${length} does not fit a message of ${total} bytes`);
}
