/**
 * Fragments: one message split into numbered pieces under a link's message-size limit (a WebRTC
 * DataChannel's `sctp.maxMessageSize`, a NATS `max_payload`) and put back together on the other
 * side. Transport-agnostic: it sees bytes only. Byte table in docs/PROTOCOL.md ("Fragments").
 *
 * Every fragment is a 12-byte header (LE) then a chunk of the message:
 * `id u32 | index u16 | count u16 | total u32`. All chunks but the last have the same length,
 * so any one fragment says where it goes.
 */

/** Bytes of a fragment header. @internal */
export const FRAGMENT_HEADER_SIZE = 12;

/**
 * Message size to assume for a peer that advertises none (RFC 8841 peers, werift's default).
 * @internal
 */
export const DEFAULT_FRAGMENT_LIMIT = 65_536;

/** Most fragments of one message (the count is a u16). @internal */
export const MAX_FRAGMENTS = 0xffff;

/** Machine-readable reasons a fragment is refused. @internal */
export type FragmentErrorCode =
  /** Shorter than its header. */
  | 'FRAGMENT_TRUNCATED'
  /** count 0, index >= count, or fields that disagree with earlier fragments of the message. */
  | 'FRAGMENT_BAD_HEADER'
  /** The chunk length does not fit the message's total and count. */
  | 'FRAGMENT_BAD_SIZE'
  /** The message is larger than the reassembler accepts. */
  | 'FRAGMENT_TOO_LARGE'
  /** The limit given to `fragmentMessage` leaves no room, or needs more than 65,535 fragments. */
  | 'FRAGMENT_LIMIT';

/** The error of fragmenting and reassembly; `code` says why. @internal */
export class FragmentError extends Error {
  /** Machine-readable reason. */
  readonly code: FragmentErrorCode;
  constructor(code: FragmentErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'FragmentError';
    this.code = code;
  }
}

/** A decoded fragment header. @internal */
export interface FragmentHeader {
  /** Message id: one per message on a link, counting up (wraps at 2^32). */
  id: number;
  /** 0-based position of this fragment. */
  index: number;
  /** Fragments of the message (>= 1). */
  count: number;
  /** Bytes of the whole message. */
  total: number;
}

/**
 * Splits `message` into fragments of at most `limit` bytes each (header included), all tagged with
 * `id`. A message that fits is one fragment. The chunks are copies: the caller may reuse `message`.
 * @throws FragmentError `FRAGMENT_LIMIT` when `limit` <= 12 or the message needs over 65,535 fragments
 * @example
 * ```ts
 * for (const f of fragmentMessage(frame, nextId++, pc.sctp?.maxMessageSize ?? DEFAULT_FRAGMENT_LIMIT)) dc.send(f);
 * ```
 * @internal
 */
export function fragmentMessage(message: Uint8Array, id: number, limit: number): Uint8Array<ArrayBuffer>[] {
  const chunk = Math.floor(limit) - FRAGMENT_HEADER_SIZE;
  if (!(chunk > 0)) throw new FragmentError('FRAGMENT_LIMIT', `limit ${limit} leaves no room for data`);
  const total = message.byteLength;
  const count = Math.max(1, Math.ceil(total / chunk));
  if (count > MAX_FRAGMENTS) {
    throw new FragmentError('FRAGMENT_LIMIT', `${total} bytes need ${count} fragments of ${chunk}`);
  }
  const out: Uint8Array<ArrayBuffer>[] = [];
  for (let index = 0; index < count; index++) {
    const start = index * chunk;
    const part = message.subarray(start, Math.min(total, start + chunk));
    const f = new Uint8Array(FRAGMENT_HEADER_SIZE + part.byteLength);
    const v = new DataView(f.buffer);
    v.setUint32(0, id >>> 0, true);
    v.setUint16(4, index, true);
    v.setUint16(6, count, true);
    v.setUint32(8, total, true);
    f.set(part, FRAGMENT_HEADER_SIZE);
    out.push(f);
  }
  return out;
}

/**
 * Reads a fragment's header.
 * @throws FragmentError `FRAGMENT_TRUNCATED` or `FRAGMENT_BAD_HEADER`
 * @internal
 */
export function readFragmentHeader(fragment: Uint8Array): FragmentHeader {
  if (fragment.byteLength < FRAGMENT_HEADER_SIZE) {
    throw new FragmentError('FRAGMENT_TRUNCATED', `${fragment.byteLength} bytes, header needs 12`);
  }
  const v = new DataView(fragment.buffer, fragment.byteOffset, FRAGMENT_HEADER_SIZE);
  const h = {
    id: v.getUint32(0, true),
    index: v.getUint16(4, true),
    count: v.getUint16(6, true),
    total: v.getUint32(8, true),
  };
  if (h.count === 0 || h.index >= h.count) {
    throw new FragmentError('FRAGMENT_BAD_HEADER', `fragment ${h.index} of ${h.count}`);
  }
  return h;
}

/** True when id `a` comes after id `b` (serial-number arithmetic over u32, RFC 1982). @internal */
export function fragmentIdAfter(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x8000_0000;
}
